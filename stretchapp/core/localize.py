"""A routine's text in the chosen language: each piece from the most specific translation that has it.

For ``de_AT`` a piece comes from the ``de_AT`` translation, else from ``de``, else from the
language the file is written in (:func:`stretchapp.core.i18n.fallback_chain`, then the
source). The structure (reps, holds, sides, order, pictures) never changes: only the text.
A localised routine keeps every translation, so it can be localised again into another.
"""

from __future__ import annotations

from stretchapp.core import i18n
from stretchapp.core.model import Exercise, Routine, Translation
from stretchapp.core.timeline import carry_totals


def chain(routine: Routine, tag: str | None = None) -> list[str]:
    """The languages ``routine``'s text is looked up in for ``tag`` (default: the chosen one)."""
    wanted = i18n.fallback_chain(tag or i18n.language())
    return [*wanted, *(t for t in i18n.fallback_chain(routine.source_language) if t not in wanted)]


def best_language(routine: Routine, tag: str | None = None) -> str:
    """The language most of ``routine`` will be shown in for ``tag``: the first that has any text."""
    offered = {t.language for t in routine.translations if t.texts}
    return next((language for language in chain(routine, tag) if language in offered), routine.language)


def localize(routine: Routine, tag: str | None = None) -> Routine:
    """``routine`` with its text in ``tag`` (default: :func:`i18n.language`), piece by piece."""
    if not routine.translations:
        return routine
    by_language: dict[str, Translation] = {t.language: t for t in routine.translations}
    tables = [
        {t.key: t.text for t in by_language[lang].texts}
        for lang in chain(routine, tag)
        if lang in by_language
    ]

    def pick(key: str, current: str) -> str:
        for table in tables:
            found = table.get(key)
            if found is not None:
                return found
        return current

    def exercise(index: int, item: Exercise) -> Exercise:
        prefix = f"exercises.{index}."
        return item._replace(
            name=pick(prefix + "name", item.name),
            steps=tuple(pick(f"{prefix}steps.{m}", step) for m, step in enumerate(item.steps)),
            hold_prompt=pick(prefix + "hold_prompt", item.hold_prompt)
            if item.hold_prompt
            else item.hold_prompt,
        )

    shown = routine._replace(
        title=pick("title", routine.title),
        description=pick("description", routine.description),
        cautions=tuple(pick(f"cautions.{i}", text) for i, text in enumerate(routine.cautions)),
        contraindications=tuple(
            pick(f"contraindications.{i}", text) for i, text in enumerate(routine.contraindications)
        ),
        exercises=tuple(exercise(i, item) for i, item in enumerate(routine.exercises)),
        language=best_language(routine, tag),
    )
    carry_totals(routine, shown)
    return shown
