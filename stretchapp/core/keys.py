"""The player's keyboard keys, in one list shared by the player, the Help menu and the docs."""

KEYS: tuple[tuple[str, str], ...] = (
    ("Space", "Pause or resume"),
    ("Right arrow", "Skip to the next step"),
    ("Left arrow", "Back: restart this step, or go to the previous one"),
    ("R", "Restart the routine (asks first once progress would be lost)"),
    ("F or F11", "Full screen on or off"),
    ("M", "Sound on or off"),
    ("Ctrl + Plus / Minus", "Larger or smaller text"),
    ("Esc", "Leave full screen, or leave the routine"),
    ("Enter or Space", "On the end screen: press the chosen button"),
    ("1 to 4", "After an exercise: Easy, Just right, Uncomfortable or Sharp pain"),
    ("?", "Show this list (the routine waits while it is open)"),
)
