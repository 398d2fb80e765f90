"""The application's reverse-DNS id, named once for the desktop files, icons and Qt (no Qt).

Desktops match a running window, its launcher, its icon and its software-centre entry by
this one string, so every file name and key that refers to the app is built from it.
"""

from __future__ import annotations

APP_ID = "io.github.stretchapp.StretchApp"
DESKTOP_FILE_NAME = f"{APP_ID}.desktop"
