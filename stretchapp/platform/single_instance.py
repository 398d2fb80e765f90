"""One app per person, and only that person's: a second start hands its request to the first.

The first instance listens on a local socket in a folder only the person can use: on
Linux and macOS ``$XDG_RUNTIME_DIR/stretchapp`` (else ``stretchapp-<uid>`` in the temporary
folder), created with mode 0700 and refused unless it is a real folder owned by this user
and closed to others, so another account can neither take the name first nor read the
messages. The socket's name is derived from the person's home (``HOME`` and
``STRETCHAPP_HOME``), so two environments of one person never meet, and kept short enough
for the system's limit on socket paths whatever the folder's length.

A later ``stretchapp`` connects, sends one line of JSON (``{"command": "activate", "args":
[...]}``) and quits; the first emits :attr:`SingleInstance.activated`. Starting is one step
under a lock file beside the socket, so of five starts at the same instant exactly one
listens and the other four find it. A socket left behind by a crash refuses connections: it
is removed, under the same lock, and listening is tried again.

On Linux and macOS the socket is bound with the standard library, so a start can claim the
name before its first window without loading QtNetwork: a later start connects at once (the
system queues it) and is answered once :meth:`SingleInstance.serve` hands the socket to a
``QLocalServer``, after the first paint. Windows uses Qt's named pipes throughout.
"""

from __future__ import annotations

import _socket  # the socket module without its enum tables (~4 ms at each start)
import contextlib
import errno
import json
import logging
import os
import stat
import sys
import tempfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal

from stretchapp.storage import paths

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 64 * 1024
CONNECT_TIMEOUT_MS = 500
LOCK_TIMEOUT_MS = 5000
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
    folders.append(Path(tempfile.gettempdir()) / f"stretchapp-{uid}")
    folders.append(Path("/tmp") / f"stretchapp-{uid}")  # short, for a long TMPDIR
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


class SingleInstance(QObject):
    """Call :meth:`start`: True means "you are the first, carry on"; False means "exit now"."""

    activated = Signal(list)  # the other instance's arguments

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.problem: str | None = None  # why there is no single-instance check, if there is none
        if name is None:
            try:
                name = default_address()
            except OSError as exc:
                log.warning("single instance: no safe place for the socket: %s", exc)
                self.problem = str(exc)
                name = ""
        self.name = name
        self._server: QLocalServer | None = None
        self._bound: _socket.socket | None = None  # claimed, not yet served
        self._inode: int | None = None  # of the socket file this instance made
        self._buffers: dict[QLocalSocket, bytearray] = {}

    @property
    def listening(self) -> bool:
        """Whether later starts find this one (queued until :meth:`serve`, if not served yet)."""
        return self._bound is not None or (self._server is not None and self._server.isListening())

    def start(self, args: list[str] | None = None, *, serve: bool = True) -> bool:
        """Become the first instance, or pass ``args`` to the running one and return False.

        With ``serve=False`` the name is claimed (later starts connect and wait) but nothing
        is read until :meth:`serve`: the app calls it once its first window is painted.
        """
        if not self.name:
            return True  # no safe folder: run, rather than leave the person with nothing
        lock = QLockFile(self.name + ".lock")
        lock.setStaleLockTime(0)  # only a lock whose process is gone is stale
        if not lock.tryLock(LOCK_TIMEOUT_MS):
            log.warning("single instance: %s stays locked; starting anyway", lock.fileName())
        try:
            if self._send_to_running(args or []):
                log.info("another stretchapp is running; asked it to come to the front")
                return False
            self._claim()
        finally:
            lock.unlock()
        if serve:
            self.serve()
        return True

    def _claim(self) -> None:
        if sys.platform == "win32":
            self._listen_by_name()
            return
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
        self._bound = bound

    def serve(self) -> None:
        """Answer later starts from now on (the claimed socket goes to a ``QLocalServer``)."""
        bound, self._bound = self._bound, None
        if bound is None:
            return
        from PySide6.QtNetwork import QLocalServer  # noqa: PLC0415 - loaded after the first paint

        server = QLocalServer(self)
        server.listen(bound.detach())
        self._keep(server)

    def _listen_by_name(self) -> None:
        from PySide6.QtNetwork import QAbstractSocket, QLocalServer  # noqa: PLC0415

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        listening = server.listen(self.name)
        if not listening and server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            log.info("removing a stale single-instance socket %s", self.name)
            QLocalServer.removeServer(self.name)
            server.listen(self.name)
        self._keep(server)

    def _keep(self, server: QLocalServer) -> None:
        """Answer later starts through ``server`` if it listens; else say why there is none."""
        if not server.isListening():
            log.warning("single instance: cannot listen on %s: %s", self.name, server.errorString())
            self.problem = server.errorString()
            server.deleteLater()
            return
        server.newConnection.connect(self._accept)
        self._server = server

    def close(self) -> None:
        """Stop listening (removes the socket file)."""
        if self._bound is not None:
            self._bound.close()
            self._bound = None
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        if self._inode is not None:
            with contextlib.suppress(OSError):
                if os.stat(self.name).st_ino == self._inode:  # noqa: PTH116 - still ours
                    Path(self.name).unlink()
            self._inode = None
        for peer in list(self._buffers):
            peer.abort()
            peer.deleteLater()
        self._buffers.clear()

    # -- the second instance ---------------------------------------------------------------
    def _send_to_running(self, args: list[str]) -> bool:
        message = json.dumps({"command": "activate", "args": args}).encode("utf-8") + b"\n"
        if sys.platform == "win32":
            return self._send_by_name(message)
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

    def _send_by_name(self, message: bytes) -> bool:
        from PySide6.QtNetwork import QLocalSocket  # noqa: PLC0415

        client = QLocalSocket()
        client.connectToServer(self.name)
        if not client.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        client.write(message)
        sent = client.waitForBytesWritten(CONNECT_TIMEOUT_MS) or client.bytesToWrite() == 0
        client.disconnectFromServer()
        if client.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            client.waitForDisconnected(CONNECT_TIMEOUT_MS)
        return sent

    # -- the first instance ----------------------------------------------------------------
    def _accept(self) -> None:
        assert self._server is not None
        while (peer := self._server.nextPendingConnection()) is not None:
            self._buffers[peer] = bytearray()
            peer.readyRead.connect(lambda s=peer: self._read(s))
            peer.disconnected.connect(lambda s=peer: self._finish(s))
            self._read(peer)

    def _read(self, peer: QLocalSocket) -> None:
        buffer = self._buffers.get(peer)
        if buffer is None:
            return
        buffer += bytes(peer.readAll().data())
        if b"\n" in buffer or len(buffer) > MAX_MESSAGE_BYTES:
            self._finish(peer)

    def _finish(self, peer: QLocalSocket) -> None:
        buffer = self._buffers.pop(peer, None)
        if buffer is None:
            return
        buffer += bytes(peer.readAll().data())
        peer.disconnectFromServer()
        peer.deleteLater()
        line = bytes(buffer).split(b"\n", 1)[0]
        try:
            message = json.loads(line)
            command, args = message["command"], message.get("args", [])
            if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
                raise ValueError("args must be a list of strings")
        except (ValueError, KeyError, TypeError) as exc:
            if line:
                log.warning("single instance: ignoring a message I cannot read: %s", exc)
            return
        if command == "activate":
            self.activated.emit(args)
        else:
            log.warning("single instance: unknown command %r", command)
