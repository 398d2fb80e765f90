"""Loggers that import :mod:`logging` only when first used, so a command that logs nothing never loads it.

Importing ``logging`` costs a quick command more than a tenth of its time (it brings
``traceback``, ``threading``, ``string`` and more), and one that goes well logs nothing. So
every module names its logger with ``log = get_logger(__name__)``: a stand-in that, at its
first use (any attribute: ``debug``, ``exception``, ``isEnabledFor``, ``setLevel``...),
imports ``logging`` and from then on hands everything to ``logging.getLogger(name)``, so
it logs to the same handlers at the same levels as the real logger, which it is for mypy.

Setting up where the records go can wait too: :func:`before_first_use` keeps a set-up that
runs just before the first stand-in is used, that is before the first record is made.
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    import logging
    from collections.abc import Callable

_pending: Callable[[], None] | None = None  # the set-up to run before the first use


def before_first_use(setup: Callable[[], None] | None) -> None:
    """Run ``setup`` just before a stand-in is first used; a later call replaces it (None: forget it)."""
    global _pending  # noqa: PLW0603 - one set-up for the process, as logging's own root is
    _pending = setup


def set_up_now() -> None:
    """Run the set-up :func:`before_first_use` keeps, if any, now rather than at the first use."""
    global _pending
    setup, _pending = _pending, None  # taken first: the set-up may itself log
    if setup is not None:
        setup()


class _StandIn:
    """Stands in for ``logging.getLogger(name)``, which it fetches (importing logging) when first used."""

    __slots__ = ("_name", "_real")

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_real", None)

    def _logger(self) -> logging.Logger:
        real: logging.Logger | None = object.__getattribute__(self, "_real")
        if real is None:
            set_up_now()
            import logging  # noqa: PLC0415 - the point of this module

            real = logging.getLogger(object.__getattribute__(self, "_name"))
            object.__setattr__(self, "_real", real)
        return real

    def __getattr__(self, attribute: str) -> object:  # only for what the stand-in itself lacks
        return getattr(self._logger(), attribute)

    def __setattr__(self, attribute: str, value: object) -> None:
        setattr(self._logger(), attribute, value)

    def __repr__(self) -> str:
        return repr(self._logger())


def get_logger(name: str) -> logging.Logger:
    """The logger ``name`` (usually ``__name__``); ``logging`` is imported when it is first used."""
    return _StandIn(name)  # type: ignore[return-value]  # it forwards every attribute to one
