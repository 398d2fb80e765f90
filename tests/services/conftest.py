"""Private PulseAudio and speech-dispatcher servers for the tests in this folder, started and stopped here.

Each runs on runtime folders of its own in a temp dir, so no test touches a person's sound
or speech session. PulseAudio has one null sink: what is played there is mixed in real time
and thrown away, and the sink's monitor can be recorded to check that a cue arrived.
speech-dispatcher runs with its own configuration (espeak-ng, speaking to that null sink).
Tests are skipped, saying so, only when a server is not installed (Debian: ``pulseaudio``;
``speech-dispatcher speech-dispatcher-espeak-ng espeak-ng``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

START_TIMEOUT = 20.0


@dataclass(frozen=True)
class PulseServer:
    socket: Path
    runtime: Path
    home: Path
    log: Path

    @property
    def address(self) -> str:
        """The value of ``PULSE_SERVER`` that reaches this server."""
        return f"unix:{self.socket}"


def accepts(path: Path) -> bool:
    """Whether a Unix socket at ``path`` takes a connection now."""
    if not path.exists():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


def wait_until_accepting(
    path: Path, process: subprocess.Popen[bytes], timeout: float = START_TIMEOUT
) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if accepts(path):
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.05)
    return False


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def private_env(runtime: Path, home: Path) -> dict[str, str]:
    """This process's environment with the user's session folders and buses swapped for temp ones."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PULSE_", "SPEECHD_", "DBUS_SESSION_", "XDG_"))
        and k not in {"DISPLAY", "WAYLAND_DISPLAY"}
    }
    env |= {"XDG_RUNTIME_DIR": str(runtime), "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    return env


@pytest.fixture(scope="session")
def pulse_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PulseServer]:
    binary = shutil.which("pulseaudio")
    if binary is None:
        pytest.skip("pulseaudio is not installed (Debian/Ubuntu package: pulseaudio)")
    root = tmp_path_factory.mktemp("pulse")
    runtime, home = root / "run", root / "home"
    runtime.mkdir(mode=0o700)
    home.mkdir()
    server = PulseServer(socket=runtime / "native", runtime=runtime, home=home, log=root / "pulseaudio.log")
    command = [
        binary,
        "--daemonize=no",
        "--system=false",  # a user server, even when the tests run as root (it warns, and runs)
        "-n",  # no default.pa: only the modules named here
        "--exit-idle-time=-1",
        "--disallow-exit",
        "--use-pid-file=no",
        "--realtime=no",
        "--log-target=stderr",
        "--log-level=warning",
        "--load=module-null-sink sink_name=stretchapp_test",
        f"--load=module-native-protocol-unix auth-anonymous=1 socket={server.socket}",
    ]
    with server.log.open("wb") as log:
        process = subprocess.Popen(
            command, env=private_env(runtime, home), stdin=subprocess.DEVNULL, stdout=log, stderr=log
        )
    try:
        if not wait_until_accepting(server.socket, process):
            pytest.fail(f"pulseaudio did not start: {server.log.read_text(errors='replace')[-2000:]}")
        yield server
    finally:
        stop(process)


@pytest.fixture
def pulse(pulse_server: PulseServer, monkeypatch: pytest.MonkeyPatch) -> PulseServer:
    """The private server, made this process's sound server for one test."""
    monkeypatch.setenv("PULSE_SERVER", pulse_server.address)
    return pulse_server


SPEECHD_PACKAGES = "speech-dispatcher speech-dispatcher-espeak-ng espeak-ng"
SPEECHD_CONFIG = """\
LogLevel 2
AudioOutputMethod "pulse"
AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"
DefaultModule espeak-ng
"""


@dataclass(frozen=True)
class SpeechServer:
    socket: Path
    log: Path

    @property
    def address(self) -> str:
        """The value of ``SPEECHD_ADDRESS`` that reaches this server."""
        return f"unix_socket:{self.socket}"


def espeak_module() -> Path | None:
    """speech-dispatcher's espeak-ng output module, where Debian (or a source build) puts it."""
    for folder in ("/usr/lib/speech-dispatcher-modules", "/usr/local/lib/speech-dispatcher-modules"):
        module = Path(folder) / "sd_espeak-ng"
        if module.exists():
            return module
    found = sorted(Path("/usr/lib").glob("*/speech-dispatcher-modules/sd_espeak-ng"))
    return found[0] if found else None


@pytest.fixture(scope="session")
def speechd_server(
    pulse_server: PulseServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SpeechServer]:
    binary = shutil.which("speech-dispatcher")
    module = espeak_module()
    if binary is None or module is None:
        pytest.skip(f"speech-dispatcher with espeak-ng is not installed (Debian/Ubuntu: {SPEECHD_PACKAGES})")
    root = tmp_path_factory.mktemp("speechd")
    config, logs, runtime = root / "config", root / "logs", root / "run"
    (config / "modules").mkdir(parents=True)
    logs.mkdir()
    runtime.mkdir(mode=0o700)
    (config / "speechd.conf").write_text(SPEECHD_CONFIG)
    (config / "modules" / "espeak-ng.conf").write_text("")  # the module's defaults
    server = SpeechServer(socket=runtime / "speechd.sock", log=root / "speech-dispatcher.log")
    command = [
        binary,
        "--run-single",  # in the foreground, so this fixture owns the process
        "--config-dir", str(config),
        "--module-dir", str(module.parent),
        "--communication-method", "unix_socket",
        "--socket-path", str(server.socket),
        "--timeout", "0",  # never exit for want of clients
        "--log-dir", str(logs),
        "--pid-file", str(root / "speechd.pid"),
    ]  # fmt: skip
    env = private_env(runtime, pulse_server.home) | {"PULSE_SERVER": pulse_server.address}
    with server.log.open("wb") as log:
        process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    try:
        if not wait_until_accepting(server.socket, process):
            pytest.fail(f"speech-dispatcher did not start: {server.log.read_text(errors='replace')[-2000:]}")
        yield server
    finally:
        stop(process)


@pytest.fixture
def speechd(speechd_server: SpeechServer, monkeypatch: pytest.MonkeyPatch) -> SpeechServer:
    """The private speech-dispatcher, made this process's speech service for one test."""
    monkeypatch.setenv("SPEECHD_ADDRESS", speechd_server.address)
    return speechd_server
