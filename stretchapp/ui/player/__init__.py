"""The player: the countdown, the prompts, the drawing, and snapshots of it."""
