"""The player's announcements for screen readers: one per phase, none for the seconds."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from stretchapp.core.model import Phase, PhaseKind, Side
from stretchapp.ui.common.announce import PhaseAnnouncer, phase_words

HOLD = Phase(PhaseKind.HOLD, 0, "Neck tilt", 30, "Hold", side=Side.RIGHT, rep=1, reps=2)
REST = Phase(PhaseKind.REST, 0, "Neck tilt", 10, "Rest")
NEXT = Phase(PhaseKind.PREPARE, 1, "Shoulder roll", 5, "Get ready")


def test_a_phase_is_said_with_its_side_and_exercise_and_a_rest_names_what_comes() -> None:
    hold = phase_words(HOLD)
    assert HOLD.label in hold and "Neck tilt" in hold and HOLD.position in hold
    assert "Shoulder roll" in phase_words(REST, NEXT)


def test_each_phase_is_announced_once_and_the_seconds_never(qtbot: Any) -> None:
    player = QWidget()
    qtbot.addWidget(player)
    announcer = PhaseAnnouncer(player)
    announcer.on_phase_started(HOLD, 3, REST)
    for remaining in range(30, 0, -1):
        announcer.on_second(remaining)
    announcer.on_phase_started(HOLD, 3, REST)  # the same phase again (a restart in place)
    announcer.on_phase_started(REST, 4, NEXT)
    assert announcer.said == [phase_words(HOLD), phase_words(REST, NEXT)]
