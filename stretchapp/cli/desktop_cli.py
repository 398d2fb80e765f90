"""``stretchapp desktop``: the launcher, icons and metainfo added to (or removed from) the desktop."""

from __future__ import annotations

import sys

from stretchapp.cli.common import EXIT_INVALID, EXIT_OK
from stretchapp.core.i18n import _
from stretchapp.platform import desktop_integration

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    import argparse


def cmd_desktop(args: argparse.Namespace) -> int:
    """Carry out ``stretchapp desktop install`` or ``uninstall``; returns the exit code."""
    try:
        if args.action == "install":
            changed = desktop_integration.install()
            verb, unchanged = (
                _("wrote {path}"),
                _("stretchapp is already installed for this user; nothing changed"),
            )
        else:
            changed = desktop_integration.uninstall()
            verb, unchanged = (
                _("removed {path}"),
                _("stretchapp was not installed for this user; nothing to remove"),
            )
    except OSError as error:
        print(
            _("stretchapp: desktop {action} failed: {error}").format(action=args.action, error=error),
            file=sys.stderr,
        )
        return EXIT_INVALID
    for path in changed:
        print(verb.format(path=path))
    if not changed:
        print(unchanged)
    return EXIT_OK
