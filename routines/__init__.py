"""The routines that come with the app.

Installed, this folder is the package ``stretchapp._routines`` (see ``package-dir`` in
pyproject.toml); the app finds it with importlib.resources through ``stretchapp.resources``.
"""
