"""The app's pictures, sounds, icons and desktop files.

Installed, this folder is the package ``stretchapp._assets`` (see ``package-dir`` in
pyproject.toml); the app finds it with importlib.resources through ``stretchapp.resources``.
"""
