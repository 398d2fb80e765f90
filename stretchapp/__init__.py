"""stretchapp: a guided stretch timer for the desktop.

The core (model, loader, timeline, engine, scheduler, history) is plain Python and never
imports Qt; the ``stretchapp.ui`` package is a thin layer of widgets that observe it.
"""

__version__ = "0.1.0"
