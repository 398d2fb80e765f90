"""One app per person: a second start wakes the first; a crash's leftover socket is cleared."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from pytestqt.qtbot import QtBot

from stretchapp.platform.single_instance import SingleInstance
from stretchapp.storage import paths


@pytest.fixture
def instances() -> Iterator[list[SingleInstance]]:
    made: list[SingleInstance] = []
    yield made
    for instance in made:
        instance.close()


def make(instances: list[SingleInstance], name: str | None = None) -> SingleInstance:
    instance = SingleInstance(name)
    instances.append(instance)
    return instance


def test_the_name_is_per_user_and_per_home() -> None:
    assert SingleInstance().name == paths.runtime_name()


def test_a_second_instance_wakes_the_first_and_is_told_to_exit(
    qtbot: QtBot, instances: list[SingleInstance]
) -> None:
    first = make(instances)
    assert first.start() is True
    assert first.listening
    second = make(instances)
    with qtbot.waitSignal(first.activated, timeout=5000) as blocker:
        assert second.start(["--background"]) is False
    assert blocker.args == [["--background"]]
    assert not second.listening


def test_every_later_start_wakes_the_first(qtbot: QtBot, instances: list[SingleInstance]) -> None:
    first = make(instances)
    assert first.start()
    for _ in range(3):
        with qtbot.waitSignal(first.activated, timeout=5000):
            assert make(instances).start() is False


def test_a_stale_socket_from_a_crash_is_removed(qtbot: QtBot, instances: list[SingleInstance]) -> None:
    name = paths.runtime_name()
    leftover = Path(QDir.tempPath()) / name
    # A crashed instance leaves its socket file behind with nobody listening on it.
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(leftover))
    dead.close()
    assert leftover.exists()

    first = make(instances, name)
    assert first.start() is True
    assert first.listening
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert make(instances, name).start() is False


def test_closing_frees_the_name_for_the_next_start(instances: list[SingleInstance]) -> None:
    first = make(instances)
    assert first.start()
    first.close()
    assert make(instances).start() is True


def test_garbage_on_the_socket_is_ignored(qtbot: QtBot, instances: list[SingleInstance]) -> None:
    from PySide6.QtNetwork import QLocalSocket

    first = make(instances)
    assert first.start()
    seen: list[list[str]] = []
    first.activated.connect(seen.append)
    client = QLocalSocket()
    client.connectToServer(first.name)
    assert client.waitForConnected(1000)
    with qtbot.waitSignal(client.disconnected, timeout=5000):  # the first hangs up after one line
        client.write(b"not json\n")
    assert seen == []
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert make(instances).start(["late"]) is False
    assert seen == [["late"]]
