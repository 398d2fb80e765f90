"""The break prompt: its buttons do what they say, and it never takes the keyboard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from stretchapp.ui.reminders.break_prompt import BreakPrompt, prompt_text


@pytest.fixture
def typing_window(qtbot: QtBot) -> Iterator[QLineEdit]:
    """Someone typing into a text field of another window."""
    window = QWidget()
    window.setWindowTitle("an editor")
    edit = QLineEdit(window)
    QVBoxLayout(window).addWidget(edit)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    qtbot.keyClicks(edit, "Dear ")
    yield edit


@pytest.fixture
def prompt(qtbot: QtBot) -> BreakPrompt:
    widget = BreakPrompt()
    qtbot.addWidget(widget)
    return widget


def present(prompt: BreakPrompt, **overrides: object) -> None:
    values: dict[str, object] = {
        "routine_title": "Neck and shoulders",
        "routine_seconds": 120,
        "worked_seconds": 45 * 60,
        "snooze_minutes": 5,
    }
    values.update(overrides)
    prompt.present(**values)  # type: ignore[arg-type]


def test_showing_the_prompt_leaves_the_keyboard_with_the_typing(
    qtbot: QtBot, typing_window: QLineEdit, prompt: BreakPrompt
) -> None:
    window = typing_window.window()
    present(prompt)
    qtbot.waitExposed(prompt)
    QApplication.processEvents()  # deliver any activation the window system sends for the new window
    assert prompt.isVisible()
    assert QApplication.activeWindow() is window
    assert QApplication.focusWidget() is typing_window
    # The next keys still land in the text field, and none of them answers the prompt.
    focused = QApplication.focusWidget()
    assert focused is not None
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        qtbot.keyClick(focused, key)
    qtbot.keyClicks(focused, "Sir")
    assert typing_window.text() == "Dear Sir"
    assert prompt.isVisible()


def test_the_prompt_asks_the_window_system_not_to_focus_it(prompt: BreakPrompt) -> None:
    assert prompt.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert prompt.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    for button in (prompt.start_button, prompt.snooze_button, prompt.skip_button):
        assert button.focusPolicy() == Qt.FocusPolicy.NoFocus


@pytest.mark.parametrize(
    ("button", "signal"),
    [
        ("start_button", "startRequested"),
        ("snooze_button", "snoozeRequested"),
        ("skip_button", "skipRequested"),
    ],
)
def test_each_button_answers_and_hides_the_prompt(
    qtbot: QtBot, prompt: BreakPrompt, button: str, signal: str
) -> None:
    present(prompt)
    qtbot.waitExposed(prompt)
    others = {"startRequested", "snoozeRequested", "skipRequested"} - {signal}
    seen: list[str] = []
    for name in others:
        getattr(prompt, name).connect(lambda name=name: seen.append(name))
    with qtbot.waitSignal(getattr(prompt, signal), timeout=1000):
        qtbot.mouseClick(getattr(prompt, button), Qt.MouseButton.LeftButton)
    assert seen == []
    assert not prompt.isVisible()


def test_the_prompt_says_what_and_how_long(prompt: BreakPrompt) -> None:
    present(prompt, snooze_minutes=10)
    assert "45 minutes" in prompt.body_label.text()
    assert "Neck and shoulders takes about 2 minutes" in prompt.body_label.text()
    assert prompt.snooze_button.text() == "Snooze 10 min"
    assert not prompt.reminder_label.isVisibleTo(prompt)


def test_a_last_reminder_says_so(prompt: BreakPrompt) -> None:
    present(prompt, reminder=3, final=True)
    assert prompt.reminder_label.isVisibleTo(prompt)
    assert "Last reminder" in prompt.reminder_label.text()


def test_one_minute_reads_naturally() -> None:
    assert prompt_text("Eyes", 40, 60) == "You have been at it for 1 minute. Eyes takes about 1 minute."


def test_the_prompt_sits_in_the_bottom_right_corner_without_a_tray(qtbot: QtBot, prompt: BreakPrompt) -> None:
    present(prompt)
    area = QGuiApplication.primaryScreen().availableGeometry()
    frame = prompt.frameGeometry()
    assert area.contains(frame)
    assert area.right() - frame.right() < 40
    assert area.bottom() - frame.bottom() < 40


def test_the_prompt_sits_by_a_tray_icon_at_the_top(qtbot: QtBot, prompt: BreakPrompt) -> None:
    area = QGuiApplication.primaryScreen().availableGeometry()
    icon = QRect(area.right() - 100, area.top(), 24, 24)
    present(prompt, anchor=icon)
    frame = prompt.frameGeometry()
    assert area.contains(frame)
    assert frame.top() > icon.bottom()
    assert frame.top() - icon.bottom() < 40
