"""The desktop around the app: sound, speech, autostart, logs, D-Bus, single instance."""
