"""A running session on Qt: the driver's timer and signals, sound, speech and notifications."""
