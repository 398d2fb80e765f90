"""The desktop around the app: sound, speech, autostart, logs, D-Bus, a single instance, the launcher and icons."""
