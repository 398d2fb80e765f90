"""The player fits any window: every text inside, none over another, none cut, the window unchanged.

One window per size and theme is built; the routines, text scales and phases are stepped
through on the fake clock, and each arrangement is checked from the layout report the
``snapshot --layout-report`` option writes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication

from stretchapp.core.model import Exercise, HoldRange, PhaseKind, Routine, Sides
from stretchapp.routines.library import load_library
from stretchapp.storage.settings import Settings
from stretchapp.ui.common.theme import apply_theme
from stretchapp.ui.controller import AppController
from stretchapp.ui.library.window import MainWindow
from stretchapp.ui.player.fit import layout_report
from stretchapp.ui.session.audio import NullSoundPlayer
from tests.fakes import FakeClock

SIZES = [
    (MainWindow.MINIMUM.width(), MainWindow.MINIMUM.height()),
    (800, 600),
    (1024, 768),
    (1280, 720),
    (1366, 768),
    (1920, 1080),
    (2560, 1440),
    (3840, 2160),
]
SCALES = (0.75, 1.0, 1.5, 2.0)
THEMES = ("light", "dark", "contrast")

_LONG = "Sternocleidomastoideusentspannungsbewegung"
LONG_WORDS = Routine(
    id="long-words",
    title=f"{_LONG} Halswirbelsäulenmobilisationsprogramm",
    exercises=(
        Exercise(
            name=f"Schulterblattstabilisierungs{_LONG}",
            steps=(
                f"Unverhältnismäßigkeitsgrundsatz {_LONG} Rückenstreckmuskulatur "
                "Aufmerksamkeitsdefizitsyndrom.",
                "Donaudampfschifffahrtsgesellschaftskapitän "
                f"Rechtsschutzversicherungsgesellschaften {_LONG} Kraftfahrzeughaftpflicht "
                "Grundstücksverkehrsgenehmigungszuständigkeit Bundesausbildungsförderungsgesetz.",
                f"Lebensmittelunverträglichkeitsreaktionen {_LONG}.",
            ),
            hold=HoldRange(20, 20),
            reps=2,
            sides=Sides.BOTH,
            hold_prompt=f"Geschwindigkeitsbegrenzungsüberwachung {_LONG} Atemrhythmusberuhigung.",
        ),
    ),
)


def routines() -> list[Routine]:
    return [entry.routine for entry in load_library().entries] + [LONG_WORDS]


def set_theme(name: str) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "dark" if name == "dark" else "light", high_contrast=name == "contrast")


def problems(window: MainWindow, size: QSize) -> list[str]:
    """What is wrong with the window's texts now: outside, cut, overlapping, or a changed size."""
    QApplication.processEvents()
    found = []
    if window.size() != size:
        found.append(f"window became {window.width()}x{window.height()}")
    elements = [e for e in layout_report(window) if e["kind"] != "label" or e["text"]]
    for element in elements:
        if not element["inside"]:
            found.append(f"{element['kind']} {element['text']!r} outside the window at {element['rect']}")
        if not element["fits"]:
            found.append(f"{element['kind']} {element['text']!r} cut at {element['rect']}")
    for n, first in enumerate(elements):
        for second in elements[n + 1 :]:
            if first["parent"] != second["parent"]:
                continue
            if QRect(*first["rect"]).intersects(QRect(*second["rect"])):  # type: ignore[misc]
                found.append(
                    f"{first['kind']} {first['text']!r} overlaps {second['kind']} {second['text']!r}"
                )
    return found


def step_to(controller: AppController, clock: FakeClock, kind: PhaseKind | None) -> None:
    """Move to the phase of ``kind`` with the most text (None: the end screen)."""
    driver = controller.driver
    assert driver is not None
    session = driver.session
    phases = session.timeline.phases
    if kind is None:
        clock.advance(session.routine_remaining() + 0.01)
        driver.tick()
        return
    candidates = [i for i, p in enumerate(phases) if p.kind is kind and i >= session.index]
    if not candidates:
        return
    target = max(candidates, key=lambda i: len(phases[i].prompt) + sum(map(len, phases[i].steps)))
    while session.index < target:
        clock.advance(session.remaining())
        driver.tick()


@pytest.fixture(scope="module")
def all_routines() -> list[Routine]:
    return routines()


@pytest.fixture
def window_of(qtbot, clock: FakeClock) -> Iterator[callable]:  # type: ignore[no-untyped-def, valid-type]
    made: list[AppController] = []

    def make(width: int, height: int) -> AppController:
        controller = AppController(
            Settings(), load_library(), clock=clock, sound_factory=lambda _settings: NullSoundPlayer()
        )
        controller.confirm_cautions = lambda routine, parent: True
        qtbot.addWidget(controller.window)
        controller.window.resize(width, height)
        controller.window.show()
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.end_session()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "system")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_text_fits_at_every_size_scale_and_phase(  # type: ignore[no-untyped-def]
    window_of, clock: FakeClock, all_routines: list[Routine], width: int, height: int, theme: str
) -> None:
    set_theme(theme)
    controller = window_of(width, height)
    size = QSize(width, height)
    assert controller.window.size() == size
    found: list[str] = []
    for routine in all_routines:
        controller.start_routine(routine, gate=False)
        for kind in (PhaseKind.PREPARE, PhaseKind.HOLD, PhaseKind.REST, None):
            step_to(controller, clock, kind)
            for scale in SCALES:
                controller.player.set_text_scale(scale)
                where = f"{routine.id} at {scale:.0%}, {kind.value if kind else 'end'}"
                found += [f"{where}: {problem}" for problem in problems(controller.window, size)]
                # The check-in strip can be up in any phase (it fades a few seconds later).
                controller.player.ask_checkin(len(routine.exercises) - 1)
                assert controller.player.checkin_strip is not None
                found += [f"{where}, check-in: {problem}" for problem in problems(controller.window, size)]
                controller.player.close_checkin()
    assert not found, "\n".join(found[:20])


def test_larger_text_never_grows_the_window(qtbot, window_of, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """The blocker: Ctrl+Plus on the scalene "Get ready" at 1280x720 made the window grow by itself."""
    controller = window_of(1280, 720)
    qtbot.waitUntil(controller.window.isActiveWindow)
    routine = next(r for r in routines() if any("calene" in e.name for e in r.exercises))
    controller.start_routine(routine, gate=False)
    session = controller.driver.session  # type: ignore[union-attr]
    scalene = next(
        i
        for i, p in enumerate(session.timeline.phases)
        if "calene" in p.exercise and p.kind is PhaseKind.PREPARE
    )
    while session.index < scalene:
        clock.advance(session.remaining())
        controller.driver.tick()  # type: ignore[union-attr]
    for _ in range(3):
        qtbot.keyClick(controller.player, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    for _ in range(20):
        QApplication.processEvents()
    assert controller.player.text_scale == pytest.approx(1.5)
    assert controller.window.size() == QSize(1280, 720)
    assert not problems(controller.window, QSize(1280, 720))


def test_the_minimum_size_never_changes(qtbot, window_of, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    controller = window_of(1280, 720)
    controller.start_routine(routines()[0], gate=False)
    minimum = controller.window.minimumSize()
    for width, height in ((3840, 2160), (1920, 1080), (800, 600)):
        controller.window.resize(width, height)
        controller.player.set_text_scale(2.0)
        QApplication.processEvents()
        assert controller.window.minimumSize() == minimum
    controller.window.resize(1280, 720)
    QApplication.processEvents()
    assert controller.window.size() == QSize(1280, 720)


# Right to left and the pseudo-language (about 40 % longer words): a reduced grid, the sizes
# where space is tightest and the common ones, at the default and the largest text scales.
LANGUAGE_SIZES = [SIZES[0], (1024, 768), (1280, 720), (1920, 1080)]
LANGUAGE_SCALES = (1.0, 2.0)


@pytest.mark.parametrize("tag", ["he", "en_XA"])
@pytest.mark.parametrize(("width", "height"), LANGUAGE_SIZES, ids=[f"{w}x{h}" for w, h in LANGUAGE_SIZES])
def test_every_text_fits_right_to_left_and_in_the_pseudo_language(  # type: ignore[no-untyped-def]
    qapp, window_of, clock: FakeClock, tag: str, width: int, height: int
) -> None:
    from stretchapp.core import i18n
    from stretchapp.ui.common import language

    i18n.set_language(tag)
    language.apply(qapp)
    try:
        controller = window_of(width, height)
        assert (controller.player.layoutDirection() is Qt.LayoutDirection.RightToLeft) == (tag == "he")
        size = QSize(width, height)
        found: list[str] = []
        for routine in routines():  # read again: the routines' own text in this language
            controller.start_routine(routine, gate=False)
            for kind in (PhaseKind.PREPARE, PhaseKind.HOLD, PhaseKind.REST, None):
                step_to(controller, clock, kind)
                for scale in LANGUAGE_SCALES:
                    controller.player.set_text_scale(scale)
                    where = f"{tag} {routine.id} at {scale:.0%}, {kind.value if kind else 'end'}"
                    found += [f"{where}: {problem}" for problem in problems(controller.window, size)]
                    controller.player.ask_checkin(len(routine.exercises) - 1)
                    found += [f"{where}, check-in: {p}" for p in problems(controller.window, size)]
                    controller.player.close_checkin()
        assert not found, "\n".join(found[:20])
    finally:
        i18n.set_language(i18n.SOURCE_LANGUAGE)
        language.apply(qapp)
