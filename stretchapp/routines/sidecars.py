"""Which file names are translations of a routine (``ID.LANG.yaml``), without the loader (no Qt).

A scan of the routine folders sorts every name into routines and translations before it
knows whether any file must be read, so this test lives apart from
:mod:`stretchapp.routines.translations`, which reads translations and needs the loader.
"""

from __future__ import annotations

import os
import re

from stretchapp.core import i18n

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?$")
SUFFIXES = (".yaml", ".yml")


def split_sidecar(name: str) -> tuple[str, str] | None:
    """``neck-relief.de_AT.yaml`` -> (``neck-relief``, ``de_AT``); None for any other name."""
    stem, suffix = os.path.splitext(name)  # noqa: PTH122 - names of thousands of files
    if suffix.lower() not in SUFFIXES:
        return None
    base, dot, tag = stem.rpartition(".")
    if not dot or not base or not LANGUAGE_TAG.match(tag):
        return None
    return base, i18n.normalise(tag)
