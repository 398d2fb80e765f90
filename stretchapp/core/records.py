"""Immutable records: a class body of annotated fields made into a named tuple, as ``typing.NamedTuple`` does.

``class HoldRange(Record): low: int; high: int = 0`` gives the same class
``typing.NamedTuple`` would (fields, defaults, methods, properties, ``_replace``,
``_fields``, ``_field_defaults``, the docstring, pickling), built on
:func:`collections.namedtuple`. It exists because importing ``typing`` costs ~5 ms, and
the quick commands (``validate``, ``list``, ``plan``) need nothing else from it: with it,
they never import ``typing`` at all. For the type checker ``Record`` *is*
``typing.NamedTuple``, so mypy checks every record exactly as a named tuple.
"""

from __future__ import annotations

from collections import namedtuple

# What typing.NamedTuple refuses to let a class body set, because the named tuple defines it.
_PROHIBITED = frozenset(
    {
        "__new__",
        "__init__",
        "__slots__",
        "__getnewargs__",
        "_fields",
        "_field_defaults",
        "_make",
        "_replace",
        "_asdict",
    }
)
_LEFT_TO_NAMEDTUPLE = frozenset({"__module__", "__qualname__", "__annotations__", "__doc__"})


class _RecordMeta(type):
    """Turns each class made from :data:`Record` into a named tuple of its annotated fields."""

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
        if bases != (_Base,):
            raise TypeError("a record can only be made from Record itself, with no other base")
        annotations: dict[str, object] = dict(namespace.get("__annotations__", {}))  # type: ignore[call-overload]
        defaults: list[object] = []
        for field in annotations:
            if field in namespace:
                defaults.append(namespace[field])
            elif defaults:
                raise TypeError(f"field {field!r} of {name} has no default, but one before it has")
        cls = namedtuple(name, list(annotations), defaults=defaults, module=str(namespace["__module__"]))  # type: ignore[misc]
        cls.__qualname__ = str(namespace.get("__qualname__", name))
        cls.__annotations__ = annotations
        if namespace.get("__doc__") is not None:
            cls.__doc__ = namespace["__doc__"]  # type: ignore[assignment]
        for key, value in namespace.items():
            if key in _PROHIBITED:
                raise AttributeError(f"a record cannot set {key}: the named tuple defines it")
            if key not in annotations and key not in _LEFT_TO_NAMEDTUPLE:
                setattr(cls, key, value)
        return cls


# The one class made with _RecordMeta directly; every class written ``class X(Record)`` names it
# as its base and comes out a plain named tuple.
_Base = type.__new__(_RecordMeta, "Record", (), {"__module__": __name__})


class _Record:
    """What ``Record`` is: an object to write as a base, which stands for ``_Base``."""

    @staticmethod
    def __mro_entries__(bases: tuple[object, ...]) -> tuple[type, ...]:
        return (_Base,)


TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    Record = _Record()

__all__ = ["Record"]
