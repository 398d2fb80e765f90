"""The core: routines as data, their timeline, the session engine, cues, reminders and idle time, in plain Python (never Qt)."""
