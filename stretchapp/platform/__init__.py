"""The desktop around the app: autostart, logs, D-Bus, a single instance, the launcher and icons."""
