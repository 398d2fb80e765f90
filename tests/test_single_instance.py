"""One app per person: a second start wakes the first; a crash's leftover socket is cleared."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
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


@pytest.fixture(autouse=True)
def private_runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets its own runtime folder, as a desktop session would.

    Short, like /run/user/1000: pytest's own folders grow long as its runs are numbered, and a
    socket path has a limit of its own, so a long one would test the fallback instead.
    """
    runtime = Path(tempfile.mkdtemp(prefix="rt-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    yield runtime
    shutil.rmtree(runtime, ignore_errors=True)


def test_the_socket_lives_in_a_folder_only_this_person_can_use(private_runtime: Path) -> None:
    address = Path(SingleInstance().name)
    assert address.parent == private_runtime / "stretchapp"
    info = address.parent.stat()
    assert info.st_uid == os.getuid() and info.st_mode & 0o077 == 0


def test_without_a_runtime_folder_the_socket_lives_in_the_temporary_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    temporary = Path(tempfile.mkdtemp(prefix="tmp-", dir="/tmp"))
    try:
        monkeypatch.delenv("XDG_RUNTIME_DIR")
        monkeypatch.setenv("TMPDIR", str(temporary))
        address = Path(SingleInstance().name)
        assert address.parent == temporary / f"stretchapp-{os.getuid()}"
        assert address.parent.stat().st_mode & 0o077 == 0
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def test_a_temporary_folder_that_cannot_be_used_is_passed_over(
    qtbot: QtBot, instances: list[SingleInstance], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setenv("TMPDIR", str(tmp_path / "gone"))
    monkeypatch.setenv("TEMP", "relative/folder")
    first = make(instances)
    assert Path(first.name).parent == Path("/tmp") / f"stretchapp-{os.getuid()}"
    assert first.start() and first.listening


def test_two_homes_of_one_person_never_meet(
    qtbot: QtBot, instances: list[SingleInstance], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = make(instances)
    assert first.start()
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "another-home"))
    other = make(instances)
    assert other.name != first.name
    assert other.start() is True, "a second environment was told to give way to the first"


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
    name = SingleInstance().name
    leftover = Path(name)
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


@pytest.mark.skipif(
    not hasattr(os, "getuid") or os.getuid() != 0, reason="making another account's folder needs root"
)
def test_a_folder_another_account_made_first_is_not_used(
    qtbot: QtBot, private_runtime: Path, instances: list[SingleInstance]
) -> None:
    taken = private_runtime / "stretchapp"
    taken.mkdir(mode=0o777)
    os.chown(taken, 65534, 65534)  # nobody's
    mine = make(instances)
    assert not mine.name.startswith(str(taken))
    assert mine.start() is True and mine.listening


def test_a_folder_open_to_others_is_closed_or_refused(private_runtime: Path) -> None:
    folder = private_runtime / "stretchapp"
    folder.mkdir()
    folder.chmod(0o777)
    SingleInstance()
    assert folder.stat().st_mode & 0o077 == 0


def test_a_long_runtime_path_keeps_the_check(
    qtbot: QtBot, instances: list[SingleInstance], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / ("very-long-folder-name-" * 8)
    deep.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(deep))
    first = make(instances)
    assert first.start() and first.listening
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert make(instances).start() is False


_RACER = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QCoreApplication, QTimer
    from stretchapp.platform.single_instance import SingleInstance
    app = QCoreApplication([])
    while time.time() < float(sys.argv[1]):
        time.sleep(0.001)
    instance = SingleInstance()
    first = instance.start()
    print("first" if first else "second", flush=True)
    QTimer.singleShot(4000 if first else 0, app.quit)
    app.exec()
    instance.close()
    """
)


def test_five_starts_at_the_same_instant_leave_exactly_one_app(tmp_path: Path) -> None:
    import time

    start_at = time.time() + 2.0
    env = dict(os.environ)
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", _RACER, str(start_at)], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(5)
    ]
    said = [racer.communicate(timeout=60)[0].strip() for racer in racers]
    assert sorted(said) == ["first", "second", "second", "second", "second"]


def test_a_start_during_the_first_ones_start_up_is_refused_and_heard_once_it_serves(
    qtbot: QtBot, instances: list[SingleInstance]
) -> None:
    # The app claims the name before building its first window and answers after painting it.
    first = make(instances)
    assert first.start(serve=False) is True
    assert first.listening
    heard: list[list[str]] = []
    first.activated.connect(heard.append)
    assert make(instances).start(["early"]) is False, "no second app while the first is starting"
    assert heard == []
    with qtbot.waitSignal(first.activated, timeout=5000):
        first.serve()
    assert heard == [["early"]]


def test_closing_before_serving_frees_the_name(instances: list[SingleInstance]) -> None:
    first = make(instances)
    assert first.start(serve=False)
    first.close()
    assert not Path(first.name).exists()
    assert make(instances).start() is True
