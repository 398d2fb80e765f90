"""The stretchapp command: arguments and sub-commands; it starts the app only when asked to."""
