"""What every ``stretchapp`` command shares: its exit codes and its one-line messages."""

from __future__ import annotations

import sys

from stretchapp.core.i18n import _

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_EXISTS = 3  # pack import: the routine (or a different picture) is already there


def usage(message: str) -> int:
    """Say what is wrong with the arguments on stderr; the usage error's exit code."""
    print(_("stretchapp: {message}").format(message=message), file=sys.stderr)
    return EXIT_USAGE


def shown(text: str) -> str:
    """A person's argument, quoted and cut short, safe to print."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


def no_such_routine(name: str) -> None:
    """Say on stderr that no routine has the id ``name``."""
    print(
        _("stretchapp: no routine called {name} (see '{command}')").format(
            name=repr(name), command="stretchapp list"
        ),
        file=sys.stderr,
    )
