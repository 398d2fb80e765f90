"""The player's keyboard keys, in one list shared by the player, the Help menu and the docs.

Both columns are marked for translation; show them with ``_()``.
"""

from stretchapp.core.i18n import N_

KEYS: tuple[tuple[str, str], ...] = (
    (N_("Space"), N_("Pause or resume")),
    (N_("Right arrow"), N_("Skip to the next step")),
    (N_("Left arrow"), N_("Back: restart this step, or go to the previous one")),
    (N_("R"), N_("Restart the routine (asks first once progress would be lost)")),
    (N_("F or F11"), N_("Full screen on or off")),
    (N_("M"), N_("Sound on or off")),
    (N_("Ctrl + Plus / Minus"), N_("Larger or smaller text")),
    (N_("Esc"), N_("Leave full screen, or leave the routine")),
    (N_("Enter or Space"), N_("On the end screen: press the chosen button")),
    (N_("1 to 4"), N_("After an exercise: Easy, Just right, Uncomfortable or Sharp pain")),
    (N_("?"), N_("Show this list (the routine waits while it is open)")),
)
