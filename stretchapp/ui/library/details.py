"""The selected routine's details as rich text: description, length, exercises, cautions, authors.

Plain Python (no Qt): the library page shows the text in its details pane, and imports this
module once the window has first been painted.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from stretchapp.core import text as words
from stretchapp.core.i18n import _
from stretchapp.core.kinds import HoldLength, Sides
from stretchapp.core.timeline import routine_seconds

if TYPE_CHECKING:
    from stretchapp.core.model import Routine
    from stretchapp.routines.library import RoutineEntry


def _hold_words(routine: Routine) -> list[str]:
    lines = []
    for exercise in routine.exercises:
        hold = exercise.hold
        seconds = words.seconds_range(hold.low, hold.high) if hold.is_range else words.seconds(hold.low)
        if exercise.sides is Sides.BOTH:
            pattern = _("{reps} × {seconds} on each side")
        elif exercise.sides is Sides.LEFT:
            pattern = _("{reps} × {seconds} on the left side")
        elif exercise.sides is Sides.RIGHT:
            pattern = _("{reps} × {seconds} on the right side")
        else:
            pattern = _("{reps} × {seconds}")
        reps = pattern.format(reps=exercise.reps, seconds=seconds)
        lines.append(f"<li><b>{html.escape(exercise.name)}</b>: {html.escape(reps)}</li>")
    return lines


BRING_BACK = "bring-back:"  # the details' link that puts an exercise left out back, then its number


def details_html(entry: RoutineEntry, hold: HoldLength, left_out: tuple[str, ...] = ()) -> str:
    """The selected routine's description, length with ``hold``, exercises and cautions as HTML;
    ``left_out`` names the exercises left out after a sharp pain, each with a link to bring it back."""
    routine = entry.routine
    total = routine_seconds(routine, hold)
    parts = [f"<h2>{html.escape(routine.title)}</h2>"]
    if routine.description:
        parts.append(f"<p>{html.escape(routine.description)}</p>")
    meta = [words.duration(total)]
    if routine.tags:
        meta.append(", ".join(html.escape(t) for t in routine.tags))
    meta.append(_("your routine") if entry.origin == "user" else _("bundled with the app (read-only)"))
    parts.append(f"<p><i>{' · '.join(meta)}</i></p>")
    parts.append(_("<h3>Exercises</h3>") + "<ul>" + "".join(_hold_words(routine)) + "</ul>")
    named = [(n, e.name) for n, e in enumerate(routine.exercises) if e.name in left_out]
    if named:
        items = "".join(
            f"<li><b>{html.escape(name)}</b> · <a href='{BRING_BACK}{n}'>{html.escape(_('Bring it back'))}</a></li>"
            for n, name in named
        )
        heading = html.escape(_("Left out after a sharp pain"))
        parts.append(f"<h3>{heading}</h3><ul>{items}</ul>")
    if routine.contraindications:
        items = "".join(f"<li>{html.escape(c)}</li>" for c in routine.contraindications)
        parts.append(_("<h3>Not for you if</h3>") + f"<ul>{items}</ul>")
    if routine.cautions:
        items = "".join(f"<li>{html.escape(c)}</li>" for c in routine.cautions)
        parts.append(_("<h3>Before you start</h3>") + f"<ul>{items}</ul>")
    parts.extend(_about_html(routine))
    return "".join(parts)


def _about_html(routine: Routine) -> list[str]:
    """Who wrote and checked the routine, what it follows and its licence, when the file says."""
    named = (
        (_("Written by"), routine.author),
        (_("Reviewed by"), routine.reviewed_by),
        (_("Licence"), routine.licence),
    )
    rows = [(label, value) for label, value in named if value is not None]
    if not rows and not routine.citations:
        return []
    parts = [_("<h3>About this routine</h3>")]
    parts.extend(
        _("<p><b>{label}:</b> {value}</p>").format(label=label, value=html.escape(value))
        for label, value in rows
    )
    if routine.citations:
        items = "".join(f"<li>{html.escape(c)}</li>" for c in routine.citations)
        parts.append(_("<p><b>Follows:</b></p>") + f"<ul>{items}</ul>")
    return parts
