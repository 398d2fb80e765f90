"""One app per person: a second start hands its request to the first one and exits.

The first instance listens on a local socket named by :func:`stretchapp.storage.paths.runtime_name`.
A later ``stretchapp`` connects, sends one line of JSON (``{"command": "activate", "args":
[...]}``) and quits; the first emits :attr:`SingleInstance.activated` and brings its window
to the front. A socket file left behind by a crash refuses connections: it is removed and
listening is tried again.
"""

from __future__ import annotations

import json
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from stretchapp.storage import paths

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 64 * 1024
CONNECT_TIMEOUT_MS = 500


class SingleInstance(QObject):
    """Call :meth:`start`: True means "you are the first, carry on"; False means "exit now"."""

    activated = Signal(list)  # the other instance's arguments

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or paths.runtime_name()
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytearray] = {}

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def start(self, args: list[str] | None = None) -> bool:
        """Become the first instance, or pass ``args`` to the running one and return False."""
        if self._send_to_running(args or []):
            log.info("another stretchapp is running; asked it to come to the front")
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        listening = server.listen(self.name)
        if not listening and server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            # Nobody answered on it, so the socket is a leftover from a crash.
            log.info("removing a stale single-instance socket %s", self.name)
            QLocalServer.removeServer(self.name)
            server.listen(self.name)
        if not server.isListening():
            log.warning("single instance: cannot listen on %s: %s", self.name, server.errorString())
            server.deleteLater()
            return True  # run anyway; a second instance is better than none
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def close(self) -> None:
        """Stop listening (removes the socket file)."""
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        for socket in list(self._buffers):
            socket.abort()
            socket.deleteLater()
        self._buffers.clear()

    # -- the second instance ---------------------------------------------------------------
    def _send_to_running(self, args: list[str]) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        message = json.dumps({"command": "activate", "args": args}).encode("utf-8") + b"\n"
        socket.write(message)
        sent = socket.waitForBytesWritten(CONNECT_TIMEOUT_MS) or socket.bytesToWrite() == 0
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(CONNECT_TIMEOUT_MS)
        return sent

    # -- the first instance ----------------------------------------------------------------
    def _accept(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            self._buffers[socket] = bytearray()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._finish(s))
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(socket)
        if buffer is None:
            return
        buffer += bytes(socket.readAll().data())
        if b"\n" in buffer or len(buffer) > MAX_MESSAGE_BYTES:
            self._finish(socket)

    def _finish(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.pop(socket, None)
        if buffer is None:
            return
        buffer += bytes(socket.readAll().data())
        socket.disconnectFromServer()
        socket.deleteLater()
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
