"""Break reminders: the tray, the break prompt and the no-tray window."""
