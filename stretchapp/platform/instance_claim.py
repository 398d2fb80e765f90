"""The single-instance name, claimed before Qt is loaded: a later start hands its request over and quits.

The first start binds a local socket in a folder only the person can use: on Linux and
macOS ``$XDG_RUNTIME_DIR/stretchapp`` (else ``stretchapp-<uid>`` in the temporary folder),
created with mode 0700 and refused unless it is a real folder owned by this user and closed
to others, so another account can neither take the name first nor read the messages. The
socket's name is derived from the person's home (``HOME`` and ``STRETCHAPP_HOME``), so two
environments of one person never meet, and kept short enough for the system's limit on
socket paths whatever the folder's length.

A later start connects, sends one line of JSON (``{"command": "activate", "args": [...]}``)
and quits, without ever loading Qt. Claiming is one step under a lock (``flock`` on a file
beside the socket, released by the system if the process dies), so of five starts at the
same instant exactly one binds and the other four find it. A socket left behind by a crash
refuses connections: it is removed, under the same lock, and bound again. The bound socket
queues later starts until :class:`stretchapp.platform.single_instance.SingleInstance` hands
it to a ``QLocalServer`` and answers them, once the first window is painted.

Windows has no such sockets here: :attr:`InstanceClaim.supported` is False and the Qt side
uses named pipes throughout.
"""

from __future__ import annotations

import _socket  # the socket module without its enum tables (~4 ms at each start)
import contextlib
import errno
import json
import os
import stat
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

from stretchapp.core.logger import get_logger
from stretchapp.storage import paths

log = get_logger(__name__)

MAX_MESSAGE_BYTES = 64 * 1024
CONNECT_TIMEOUT_MS = 500
LOCK_TIMEOUT_MS = 5000
LOCK_POLL_S = 0.01
# sockaddr_un holds 108 bytes on Linux and 104 on macOS, the terminating NUL included.
MAX_SOCKET_PATH = 100


class UnsafeFolderError(OSError):
    """The folder for the socket is not this person's alone."""


def _owner_only(folder: Path) -> Path:
    """``folder``, created 0700 if missing; refused unless it is ours alone and not a link."""
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700, parents=False)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeFolderError(f"{folder} is not a folder")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise UnsafeFolderError(f"{folder} belongs to another account (uid {info.st_uid})")
    if info.st_mode & 0o077:
        folder.chmod(0o700)  # ours, but left open (an old version, a umask): close it
        if folder.lstat().st_mode & 0o077:
            raise UnsafeFolderError(f"{folder} is open to other accounts")
    return folder


def _home_key() -> str:
    """Tells apart environments of one person: a different HOME or STRETCHAPP_HOME."""
    home = f"{Path.home()}\0{os.environ.get(paths.HOME_ENV, '')}"
    # crc32, not hash(): str hashes differ between processes, and both must agree on the name.
    return f"{zlib.crc32(home.encode('utf-8', 'surrogatepass')):08x}"


def _candidate_folders() -> list[Path]:
    folders = []
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_absolute():
        folders.append(Path(runtime) / "stretchapp")
    uid = os.getuid() if hasattr(os, "getuid") else 0
    # As tempfile.gettempdir() would choose, without importing tempfile (and with it shutil
    # and random: ~5 ms of every start); a folder that cannot be used is passed over below.
    temporary = [os.environ.get(name, "") for name in ("TMPDIR", "TEMP", "TMP")]
    for temp in [*(Path(t) for t in temporary if t and Path(t).is_absolute()), Path("/tmp")]:
        folder = temp / f"stretchapp-{uid}"  # /tmp last: short, for a long TMPDIR
        if folder not in folders:
            folders.append(folder)
    return folders


def default_address() -> str:
    """Where this person's first instance listens (a socket path; a pipe name on Windows)."""
    name = f"instance-{_home_key()}"
    if sys.platform == "win32":
        # Named pipes are per session and UserAccessOption limits them to this user.
        user = os.environ.get("USERNAME") or "user"
        return f"stretchapp-{user}-{name}"
    problems = []
    for folder in _candidate_folders():
        socket = folder / f"{name}.sock"
        if len(os.fsencode(socket)) > MAX_SOCKET_PATH:
            problems.append(f"{folder}: the path is too long for a socket")
            continue
        try:
            _owner_only(folder)
        except OSError as exc:
            problems.append(str(exc))
            continue
        return str(socket)
    raise UnsafeFolderError("; ".join(problems))


def encode(args: list[str]) -> bytes:
    """The one line a later start sends: its arguments, to be acted on by the first."""
    return json.dumps({"command": "activate", "args": args}).encode("utf-8") + b"\n"


@contextlib.contextmanager
def _locked(path: str) -> Iterator[None]:
    """Hold the lock file ``path`` (waiting up to LOCK_TIMEOUT_MS) for one claim."""
    import fcntl  # noqa: PLC0415 - not on Windows, which never comes here

    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT_MS / 1000
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    log.warning("single instance: %s stays locked; starting anyway", path)
                    break
                time.sleep(LOCK_POLL_S)
        yield
    finally:
        os.close(descriptor)  # which releases the lock


class InstanceClaim:
    """This person's single-instance name: :meth:`take` it, or hand the arguments to its holder."""

    supported = sys.platform != "win32"

    def __init__(self, name: str | None = None) -> None:
        self.problem: str | None = None  # why there is no single-instance check, if there is none
        if name is None:
            try:
                name = default_address()
            except OSError as exc:
                log.warning("single instance: no safe place for the socket: %s", exc)
                self.problem = str(exc)
                name = ""
        self.name = name
        self.bound: _socket.socket | None = None  # claimed; later starts queue on it
        self.taken = False
        self._inode: int | None = None  # of the socket file this claim made

    def take(self, args: list[str]) -> bool:
        """True: this start is the first and holds the name now; False: ``args`` went to the running one."""
        if not self.name or not self.supported:
            self.taken = True
            return True  # no safe folder: run, rather than leave the person with nothing
        try:
            with _locked(self.name + ".lock"):
                if self._send_to_running(encode(args)):
                    log.info("another stretchapp is running; asked it to come to the front")
                    return False
                self._bind()
        except OSError as exc:
            log.warning("single instance: cannot use %s: %s", self.name, exc)
            self.problem = exc.strerror or str(exc)
        self.taken = True
        return True

    def _send_to_running(self, message: bytes) -> bool:
        client = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            client.settimeout(CONNECT_TIMEOUT_MS / 1000)
            try:
                client.connect(self.name)
            except OSError:  # no socket, or a crash's leftover that nobody answers on
                return False
            try:
                client.sendall(message)
            except OSError as exc:
                log.warning("single instance: the running app did not take the message: %s", exc)
                return False
        finally:
            client.close()
        return True

    def _bind(self) -> None:
        bound = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            try:
                bound.bind(self.name)
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE:
                    raise
                # Nobody answered on it, and we hold the lock: a leftover from a crash.
                log.info("removing a stale single-instance socket %s", self.name)
                Path(self.name).unlink(missing_ok=True)
                bound.bind(self.name)
            os.chmod(self.name, 0o600)  # noqa: PTH101 - the folder is this person's alone already
            bound.listen(16)
            self._inode = os.stat(self.name).st_ino  # noqa: PTH116
        except OSError as exc:
            bound.close()
            log.warning("single instance: cannot listen on %s: %s", self.name, exc)
            self.problem = exc.strerror or str(exc)
            return
        self.bound = bound

    def release(self) -> None:
        """Stop holding the name: close the socket and remove its file, if it is still ours."""
        if self.bound is not None:
            self.bound.close()
            self.bound = None
        if self._inode is not None:
            with contextlib.suppress(OSError):
                if os.stat(self.name).st_ino == self._inode:  # noqa: PTH116 - still ours
                    Path(self.name).unlink()
            self._inode = None
