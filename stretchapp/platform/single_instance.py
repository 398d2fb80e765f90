"""One app per person, and only that person's: a second start hands its request to the first.

The name is claimed by :class:`~stretchapp.platform.instance_claim.InstanceClaim`, with the
standard library and before Qt is loaded (its docstring says where the socket lives and why
it is safe); this Qt side answers: :meth:`SingleInstance.serve` hands the claimed socket to
a ``QLocalServer`` once the first window is painted, reads each later start's line of JSON
and emits :attr:`SingleInstance.activated` with its arguments. Windows uses Qt's named pipes
throughout, under a QLockFile.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QObject, Signal

from stretchapp.core.logger import get_logger
from stretchapp.platform.instance_claim import (
    CONNECT_TIMEOUT_MS,
    LOCK_TIMEOUT_MS,
    MAX_MESSAGE_BYTES,
    InstanceClaim,
    encode,
)

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = get_logger(__name__)


class SingleInstance(QObject):
    """Call :meth:`start`: True means "you are the first, carry on"; False means "exit now".

    ``claim`` is the :class:`InstanceClaim` a start took before loading Qt (made here if not given).
    """

    activated = Signal(list)  # the other instance's arguments

    def __init__(
        self, name: str | None = None, parent: QObject | None = None, *, claim: InstanceClaim | None = None
    ) -> None:
        super().__init__(parent)
        self._claim = claim if claim is not None else InstanceClaim(name)
        self._problem: str | None = None  # the server's, when listening failed
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytearray] = {}

    @property
    def name(self) -> str:
        return self._claim.name

    @property
    def problem(self) -> str | None:
        """Why there is no single-instance check, if there is none."""
        return self._problem or self._claim.problem

    @property
    def listening(self) -> bool:
        """Whether later starts find this one (queued until :meth:`serve`, if not served yet)."""
        return self._claim.bound is not None or (self._server is not None and self._server.isListening())

    def start(self, args: list[str] | None = None, *, serve: bool = True) -> bool:
        """Become the first instance, or pass ``args`` to the running one and return False.

        With ``serve=False`` the name is claimed (later starts connect and wait) but nothing
        is read until :meth:`serve`: the app calls it once its first window is painted.
        """
        if not self._claim.supported:
            if self.name and not self._start_by_name(args or []):
                return False
        elif not self._claim.taken and not self._claim.take(args or []):
            return False
        if serve:
            self.serve()
        return True

    def _start_by_name(self, args: list[str]) -> bool:
        from PySide6.QtCore import QLockFile  # noqa: PLC0415 - Windows only

        lock = QLockFile(self.name + ".lock")
        lock.setStaleLockTime(0)  # only a lock whose process is gone is stale
        if not lock.tryLock(LOCK_TIMEOUT_MS):
            log.warning("single instance: %s stays locked; starting anyway", lock.fileName())
        try:
            if self._send_by_name(encode(args)):
                log.info("another stretchapp is running; asked it to come to the front")
                return False
            self._listen_by_name()
        finally:
            lock.unlock()
        return True

    def serve(self) -> None:
        """Answer later starts from now on (the claimed socket goes to a ``QLocalServer``)."""
        bound, self._claim.bound = self._claim.bound, None
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
            self._problem = server.errorString()
            server.deleteLater()
            return
        server.newConnection.connect(self._accept)
        self._server = server

    def close(self) -> None:
        """Stop listening (removes the socket file)."""
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        self._claim.release()
        for peer in list(self._buffers):
            peer.abort()
            peer.deleteLater()
        self._buffers.clear()

    # -- the second instance ---------------------------------------------------------------
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
