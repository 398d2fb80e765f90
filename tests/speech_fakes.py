"""Stand-ins for speech services: a scripted back-end, a small SSIP server, and fake processes."""

from __future__ import annotations

import io
import queue
import socket
import threading
from collections.abc import Sequence
from pathlib import Path

from stretchapp.platform.speech import (
    EventKind,
    EventSink,
    SpeechBackend,
    SpeechEvent,
    SpeechUnavailableError,
    VoiceSettings,
)


class FakeBackend(SpeechBackend):
    """Records what it is asked to say; ``gate`` (when given) holds each prompt until it is set."""

    name = "fake speech"

    def __init__(
        self,
        *,
        fail_open: str | None = None,
        fail_speak: Exception | None = None,
        voices: Sequence[str] = ("Anne", "Bob"),
        gate: threading.Event | None = None,
        finish: bool = False,
    ) -> None:
        self.finish = finish  # report each prompt spoken to its end at once
        self.fail_open = fail_open
        self.fail_speak = fail_speak
        self._voices = list(voices)
        self.gate = gate
        self.spoken: list[tuple[str, VoiceSettings]] = []
        self.cancels = 0
        self.speaking = threading.Event()  # set while a prompt is inside speak()
        self.closed = threading.Event()
        self.events: EventSink | None = None

    def open(self, events: EventSink) -> None:
        if self.fail_open is not None:
            raise SpeechUnavailableError(self.fail_open, "the fake cannot open")
        self.events = events

    def speak(self, text: str, settings: VoiceSettings) -> None:
        if self.fail_speak is not None:
            raise self.fail_speak
        self.speaking.set()
        if self.gate is not None:
            self.gate.wait(10)
        self.speaking.clear()
        self.spoken.append((text, settings))
        if self.events is not None:
            self.events(SpeechEvent(EventKind.QUEUED, voice=settings.voice))
            self.events(SpeechEvent(EventKind.STARTED))
            if self.finish:
                self.events(SpeechEvent(EventKind.FINISHED))

    def cancel(self) -> None:
        self.cancels += 1
        if self.events is not None:
            self.events(SpeechEvent(EventKind.CANCELLED))

    def voices(self) -> list[str]:
        return list(self._voices)

    def close(self) -> None:
        self.closed.set()

    @property
    def texts(self) -> list[str]:
        return [text for text, _settings in self.spoken]


class FakeSSIPServer:
    """A small speech-dispatcher stand-in on a Unix socket: answers SSIP commands, records them.

    Each connection's commands (and SPEAK data, as one string) go to ``connections``.
    ``silent`` makes it accept and never answer, as a stuck service does.
    """

    def __init__(
        self,
        path: Path,
        *,
        modules: Sequence[str] = ("espeak-ng",),
        language: str = "en-US",
        voices: Sequence[str] = ("English (America)\ten-US\tnone", "German\tde\tnone"),
        silent: bool = False,
        begin_at_once: bool = False,
        before_queued: Sequence[int] = (),
    ) -> None:
        self.begin_at_once = begin_at_once  # send a message's BEGIN in the same write as its QUEUED
        # Codes of a message's events (701 BEGIN, 702 END, 703 CANCELED) to send before its 225
        # reply, as speech-dispatcher sometimes does: it writes them from another thread.
        self.before_queued = list(before_queued)
        self.path = path
        self.modules = list(modules)
        self.language = language
        self.voices = list(voices)
        self.silent = silent
        self.connections: list[list[str]] = []
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(str(path))
        self._server.listen(8)
        self._server.settimeout(0.2)
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def close(self) -> None:
        self._stopping.set()
        self._accepting.join(2)
        self._server.close()
        for thread in self._threads:
            thread.join(2)

    def commands(self, index: int = -1) -> list[str]:
        return list(self.connections[index]) if self.connections else []

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            log: list[str] = []
            self.connections.append(log)
            thread = threading.Thread(target=self._serve, args=(conn, log), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket, log: list[str]) -> None:
        conn.settimeout(0.2)
        buffer = b""
        message_id = 0
        receiving: list[str] | None = None
        with conn:
            while not self._stopping.is_set():
                try:
                    chunk = conn.recv(4096)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not chunk:
                    return
                buffer += chunk
                *lines, buffer = buffer.split(b"\r\n")
                for raw in lines:
                    line = raw.decode()
                    if receiving is not None:
                        if line == ".":
                            log.append("DATA " + "\n".join(receiving))
                            receiving = None
                            message_id += 1
                            early = "".join(_event(code, message_id) for code in self.before_queued)
                            queued = f"225-{message_id}\r\n225 OK MESSAGE QUEUED\r\n"
                            if self.begin_at_once:
                                queued += _event(701, message_id)
                            conn.sendall((early + queued).encode())
                        else:
                            receiving.append(line[1:] if line.startswith("..") else line)
                        continue
                    log.append(line)
                    if self.silent:
                        continue
                    if line == "SPEAK":
                        receiving = []
                        conn.sendall(b"230 OK RECEIVING DATA\r\n")
                    else:
                        conn.sendall(self._answer(line).encode())

    def _answer(self, line: str) -> str:
        if line == "LIST OUTPUT_MODULES":
            return "".join(f"250-{m}\r\n" for m in self.modules) + "250 OK MODULE LIST SENT\r\n"
        if line == "LIST SYNTHESIS_VOICES":
            return "".join(f"249-{v}\r\n" for v in self.voices) + "249 OK VOICE LIST SENT\r\n"
        if line == "GET LANGUAGE":
            return f"251-{self.language}\r\n251 OK GET RETURNED\r\n"
        if line == "QUIT":
            return "231 HAPPY HACKING\r\n"
        if line.startswith(("SET ", "CANCEL")):
            return "200 OK\r\n"
        return "500 ERR INVALID COMMAND\r\n"


SSIP_EVENT_TEXT = {701: "BEGIN", 702: "END", 703: "CANCELED"}


def _event(code: int, message_id: int, client_id: int = 1) -> str:
    """An SSIP notification about a message, as speech-dispatcher words it."""
    return f"{code}-{message_id}\r\n{code}-{client_id}\r\n{code} {SSIP_EVENT_TEXT[code]}\r\n"


class FakeProcess:
    """A process whose stdin is recorded and whose stdout the test (or ``answer``) writes."""

    def __init__(self, argv: list[str], answer: object = None) -> None:
        self.argv = argv
        self.written = io.BytesIO()
        self.stdin = _Pipe(self)
        self._out: queue.Queue[bytes] = queue.Queue()
        self.stdout = _Reader(self._out)
        self.returncode: int | None = None
        self.killed = False
        self._answer = answer
        self._exited = threading.Event()

    def reply(self, *lines: str) -> None:
        for line in lines:
            self._out.put(line.encode() + b"\r\n")

    def exit(self, code: int = 0) -> None:
        self.returncode = code
        self._exited.set()
        self._out.put(b"")

    def received(self, data: bytes) -> None:
        self.written.write(data)
        if callable(self._answer):
            for line in data.decode().splitlines():
                self._answer(self, line)

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if not self._exited.wait(timeout if timeout is not None else 10):
            raise TimeoutError
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> None:
        self.killed = True
        self.exit(-9)

    def lines(self) -> list[str]:
        return self.written.getvalue().decode().splitlines()


class _Pipe:
    def __init__(self, process: FakeProcess) -> None:
        self._process = process
        self.closed = False

    def write(self, data: bytes) -> int:
        if self.closed:
            raise ValueError("write to a closed pipe")
        self._process.received(data)
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


class _Reader:
    def __init__(self, out: queue.Queue[bytes]) -> None:
        self._out = out

    def readline(self) -> bytes:
        return self._out.get()
