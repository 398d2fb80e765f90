"""The player's keyboard keys, in one list shared by the player, the Help menu and the docs."""

KEYS: tuple[tuple[str, str], ...] = (
    ("Space", "Pause or resume"),
    ("Right arrow", "Skip to the next step"),
    ("Left arrow", "Back: restart this step, or go to the previous one"),
    ("R", "Restart the routine"),
    ("F or F11", "Full screen on or off"),
    ("M", "Sound on or off"),
    ("Ctrl + Plus / Minus", "Larger or smaller text"),
    ("Esc", "Leave the routine"),
    ("?", "Show this list"),
)
