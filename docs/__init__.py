"""The documentation. Installed, the routine format reference and its JSON Schema go with the
app as the package ``stretchapp._docs`` (see ``package-dir`` in pyproject.toml), so the
editor's Help can open them; nothing else here is installed.
"""
