"""Spoken prompts through the system's own speech service: one interface, three back-ends (no Qt).

- Linux and other Unix desktops: **speech-dispatcher**, the service screen readers use, so
  the person's configured voice, rate and synthesiser apply. :class:`SpeechDispatcher` talks
  its SSIP protocol over its Unix socket (``$SPEECHD_ADDRESS``, else
  ``$XDG_RUNTIME_DIR/speech-dispatcher/speechd.sock``) and starts it with
  ``speech-dispatcher --spawn`` when the socket is absent, as its own client library does.
- Windows: **SAPI**, through .NET's ``System.Speech`` in one long-lived PowerShell process
  that takes commands on its standard input (:class:`Sapi`): nothing to install, and a
  stuck engine can only stall that process.
- macOS: the **say** command, the system speech synthesiser's own front end: one process
  per prompt, killed to cut it off (:class:`Say`).

:class:`Speech` runs a back-end on a worker thread fed by a small queue, so ``say``, ``stop``
and ``configure`` return at once: a newer prompt or a stop replaces a prompt not yet sent,
and every socket or pipe read has a time-out. When the service is missing or stops
answering, speech turns itself off with one notice (naming the package that brings the
service, where there is one) and one log line.
"""

from __future__ import annotations

import base64
import contextlib
import getpass
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import IO, Protocol

from stretchapp.core.i18n import N_, _, system_language
from stretchapp.core.logger import get_logger

log = get_logger(__name__)

DEBIAN_PACKAGES = "speech-dispatcher speech-dispatcher-espeak-ng"
VOICE_PACKAGE = "speech-dispatcher-espeak-ng"
# The notices a person reads; package names are values, so no translation can break them.
NO_SAPI_NOTICE = N_("Spoken prompts are off: Windows speech (SAPI, through PowerShell) could not be started.")
NO_SAY_NOTICE = N_("Spoken prompts are off: the macOS speech command 'say' was not found.")


def no_speechd_notice() -> str:
    """Speech-dispatcher is missing: what to install, in the chosen language."""
    return _(
        "Spoken prompts are off: the speech service speech-dispatcher is not installed or does not start. "
        "On Debian or Ubuntu: sudo apt install {packages}, then restart stretchapp."
    ).format(packages=DEBIAN_PACKAGES)


def no_voice_notice() -> str:
    """Speech-dispatcher has no voice: what to install, in the chosen language."""
    return _(
        "Spoken prompts are off: speech-dispatcher has no voice installed. "
        "On Debian or Ubuntu: sudo apt install {packages}, then restart stretchapp."
    ).format(packages=VOICE_PACKAGE)


def stopped_notice(name: str) -> str:
    """The speech service ``name`` (a back-end's name, marked with ``N_``) stopped answering."""
    return _("Spoken prompts are off: the speech service {name} stopped answering.").format(name=_(name))


CONNECT_TIMEOUT = 2.0  # seconds for a socket to accept, or a process to say it is ready
REPLY_TIMEOUT = 5.0  # seconds for any reply (listing about 10,000 voices takes well under one)
SPAWN_TIMEOUT = 10.0  # seconds for a spawned speech-dispatcher's socket to appear
ENGLISH_VOICES_SHOWN = 40  # more English voices than this: only the plain ones, not every variant


# -- what every back-end shares -------------------------------------------------------------
@dataclass(frozen=True)
class VoiceSettings:
    """The voice ("" for the service's default), rate -1..1 (0 is the person's own) and volume 0..1.

    ``language`` is the language of the prompts (``de``, ``he``): without a chosen voice, the
    service is asked for one that speaks it.
    """

    voice: str = ""
    rate: float = 0.0
    volume: float = 0.8
    language: str = "en"


class EventKind(Enum):
    QUEUED = "queued"  # the service took the prompt
    STARTED = "started"
    FINISHED = "finished"
    CANCELLED = "cancelled"
    VOICES = "voices"  # the voice list arrived
    NO_VOICE = "no voice"  # no voice speaks the prompts' language (told once per language)


@dataclass(frozen=True)
class SpeechEvent:
    kind: EventKind
    voice: str = ""  # the voice asked for ("" for the default), on QUEUED
    voices: tuple[str, ...] = ()  # on VOICES
    language: str = ""  # on NO_VOICE: the language no voice speaks


EventSink = Callable[[SpeechEvent], None]


class SpeechUnavailableError(Exception):
    """The speech service cannot be used: ``notice`` says so to a person, ``detail`` to the log."""

    def __init__(self, notice: str, detail: str = "") -> None:
        super().__init__(detail or notice)
        self.notice = notice
        self.detail = detail or notice


class SpeechBackend(ABC):
    """One speech service. Called only from :class:`Speech`'s worker thread; calls may block briefly."""

    name = ""
    language = "en"  # the prompts' language: the voices offered are the ones that speak it

    def has_voice_for(self, language: str) -> bool | None:
        """Whether a voice speaks ``language``; None when the service cannot say."""
        return None

    @abstractmethod
    def open(self, events: EventSink) -> None:
        """Reach the service (raises :class:`SpeechUnavailableError`); ``events`` may be called on any thread."""

    @abstractmethod
    def speak(self, text: str, settings: VoiceSettings) -> None:
        """Cut off anything still being said and start ``text``."""

    @abstractmethod
    def cancel(self) -> None:
        """Stop talking now."""

    @abstractmethod
    def voices(self) -> list[str]:
        """Voices a person could choose, by the names :attr:`VoiceSettings.voice` takes."""

    @abstractmethod
    def close(self) -> None: ...


def speaks(voice_language: str, language: str) -> bool:
    """Whether a voice listed with ``voice_language`` (``en-US``, ``de``, ``he_IL``) speaks ``language``."""

    def base(tag: str) -> str:
        return tag.replace("-", "_").split("_", 1)[0].lower()

    return bool(language) and base(voice_language) == base(language)


def voices_in(voices: Sequence[tuple[str, str, str]], language: str) -> list[str]:
    """The names to offer from (name, language, variant) triples, for prompts in ``language``.

    Voices of that language only, where there are any; when a synthesiser lists every variant
    of every voice (espeak-ng has about a hundred each), only the plain voices.
    """
    chosen = [v for v in voices if speaks(v[1], language)] or list(voices)
    if len(chosen) > ENGLISH_VOICES_SHOWN:
        plain = [v for v in chosen if v[2].lower() in {"", "none"}]
        chosen = plain or chosen[:ENGLISH_VOICES_SHOWN]
    return list(dict.fromkeys(name for name, _lang, _variant in chosen))


def english_first(voices: Sequence[tuple[str, str, str]]) -> list[str]:
    """:func:`voices_in` for English prompts."""
    return voices_in(voices, "en")


def own_language(language: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``language`` is the session's own: the system's default voice is kept for it."""
    return speaks(system_language(environ), language or "en")


def voice_for(voices: Sequence[tuple[str, str, str]], language: str) -> str | None:
    """The first plain voice that speaks ``language`` (any of its variants if none is plain)."""
    matching = [v for v in voices if speaks(v[1], language)]
    plain = [v for v in matching if v[2].lower() in {"", "none"}]
    return (plain or matching or [("", "", "")])[0][0] or None


# -- the front: a worker thread and a queue -------------------------------------------------
class Speech:
    """Speaks through ``backend`` on a worker thread; every method returns at once.

    ``on_event`` and ``on_unavailable`` are called on a worker thread, never the caller's.
    """

    def __init__(
        self,
        backend: SpeechBackend | None = None,
        *,
        on_event: EventSink | None = None,
        on_unavailable: Callable[[str], None] | None = None,
    ) -> None:
        self.backend = backend if backend is not None else default_backend()
        self.notice: str | None = None
        self.settings = VoiceSettings()
        self._on_event = on_event
        self._on_unavailable = on_unavailable
        self._ops: deque[tuple[str, object]] = deque()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._failed = False
        self._voices: list[str] | None = None
        self._languages_checked: set[str] = set()  # each missing language is told once
        self._thread = threading.Thread(target=self._run, name="stretchapp-speech", daemon=True)
        self._thread.start()

    @property
    def available(self) -> bool:
        return not self._failed

    @property
    def voices(self) -> list[str] | None:
        """The last voice list the service gave; None until :meth:`request_voices` has an answer."""
        return None if self._voices is None else list(self._voices)

    def say(self, text: str) -> None:
        """Say ``text``, cutting off anything still being said (or waiting to be)."""
        if text.strip():
            self._put("say", text, replaces=("say", "stop"))

    def stop(self) -> None:
        self._put("stop", None, replaces=("say", "stop"))

    def configure(self, settings: VoiceSettings) -> None:
        """Used from the next prompt on."""
        self._put("configure", settings, replaces=("configure",))

    def request_voices(self) -> None:
        """Ask the service for its voices; a VOICES event brings them."""
        self._put("voices", None, replaces=("voices",))

    def close(self, timeout: float = 1.0) -> None:
        self._on_event = None
        self._on_unavailable = None
        self._put("close", None, replaces=("say", "voices"), force=True)
        if self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _put(self, kind: str, value: object, *, replaces: tuple[str, ...], force: bool = False) -> None:
        if self._failed and not force:
            return
        with self._lock:
            kept = [op for op in self._ops if op[0] not in replaces]
            self._ops.clear()
            self._ops.extend(kept)
            self._ops.append((kind, value))
        self._wake.set()

    def _take(self) -> tuple[str, object]:
        while True:
            with self._lock:
                if self._ops:
                    return self._ops.popleft()
                self._wake.clear()
            self._wake.wait()

    def _emit(self, event: SpeechEvent) -> None:
        sink = self._on_event
        if sink is not None:
            try:
                sink(event)
            except Exception:  # a listener gone (a deleted Qt object) must not kill this thread
                log.debug("a speech event listener failed", exc_info=True)

    def _run(self) -> None:
        backend = self.backend
        try:
            backend.open(self._emit)
        except SpeechUnavailableError as exc:
            self._fail(exc)
            return
        try:
            while True:
                kind, value = self._take()
                if kind == "close":
                    return
                if kind == "configure" and isinstance(value, VoiceSettings):
                    self.settings = value
                    backend.language = value.language or "en"
                elif kind == "say" and isinstance(value, str):
                    self._check_language(backend)
                    backend.speak(value, self.settings)
                elif kind == "stop":
                    backend.cancel()
                elif kind == "voices":
                    self._voices = backend.voices()
                    self._emit(SpeechEvent(EventKind.VOICES, voices=tuple(self._voices)))
        except SpeechUnavailableError as exc:
            self._fail(exc)
        except Exception as exc:  # a fault in a back-end must not leave prompts half-working
            log.debug(
                "speech failed", exc_info=True
            )  # the warning below is the one line at the default level
            self._fail(SpeechUnavailableError(stopped_notice(backend.name), repr(exc)))
        finally:
            try:
                backend.close()
            except Exception:
                log.debug("closing %s failed", backend.name, exc_info=True)

    def _check_language(self, backend: SpeechBackend) -> None:
        """Tell once, per language, that no voice speaks it (the prompts are still read)."""
        language = self.settings.language
        if self.settings.voice or not language or language in self._languages_checked:
            return
        self._languages_checked.add(language)
        if backend.has_voice_for(language) is False:
            log.info("no %s voice in %s; the default voice reads the prompts", language, backend.name)
            self._emit(SpeechEvent(EventKind.NO_VOICE, language=language))

    def _fail(self, exc: SpeechUnavailableError) -> None:
        if self._failed:
            return
        self._failed = True
        self.notice = exc.notice
        log.warning("voice cues off: %s (%s)", exc.notice, exc.detail)
        callback = self._on_unavailable
        if callback is not None:
            try:
                callback(exc.notice)
            except Exception:
                log.debug("a speech notice listener failed", exc_info=True)


def default_backend(platform: str = sys.platform) -> SpeechBackend:
    if platform == "win32":
        return Sapi()
    if platform == "darwin":
        return Say()
    return SpeechDispatcher()


def service_problem(
    platform: str = sys.platform,
    env: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> str | None:
    """Why this system has no speech service, without starting or reaching one; None when it may have one."""
    if platform == "win32":
        return None if which("powershell") or which("powershell.exe") else _(NO_SAPI_NOTICE)
    if platform == "darwin":
        return None if which("say") else _(NO_SAY_NOTICE)
    address = speechd_address(os.environ if env is None else env)
    if isinstance(address, tuple) or address.exists() or which("speech-dispatcher"):
        return None
    return no_speechd_notice()


# -- speech-dispatcher: SSIP over a socket ---------------------------------------------------
def speechd_address(env: Mapping[str, str]) -> Path | tuple[str, int]:
    """Where speech-dispatcher listens: a Unix socket path, or (host, port) for ``inet_socket``."""
    given = env.get("SPEECHD_ADDRESS", "").strip()
    method, _, rest = given.partition(":")
    if method == "inet_socket":
        host, _, port = rest.partition(":")
        return (host or "127.0.0.1", int(port) if port.isdigit() else 6560)
    if method == "unix_socket" and rest:
        return Path(rest).expanduser()
    runtime = env.get("XDG_RUNTIME_DIR") or str(Path(env.get("HOME", "~")).expanduser() / ".cache")
    return Path(runtime) / "speech-dispatcher" / "speechd.sock"


@dataclass(frozen=True)
class Reply:
    """One SSIP reply: its code, its data lines ("NNN-data") and the closing line's text."""

    code: int
    lines: tuple[str, ...]
    text: str

    @property
    def ok(self) -> bool:
        return 200 <= self.code < 300


class SSIPError(OSError):
    """The connection broke, or a reply did not come in time."""


def escape_ssip(text: str) -> bytes:
    """``text`` as SSIP message data: CRLF lines, a leading dot doubled, ended by a lone dot."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    escaped = ["." + line if line.startswith(".") else line for line in lines]
    return ("\r\n".join(escaped) + "\r\n.\r\n").encode("utf-8")


SSIP_QUEUED = 225  # "225-<message id>", "225 OK MESSAGE QUEUED"
SSIP_LAST_EVENTS = frozenset({702, 703})  # END, CANCELLED: a message's last notification
QUEUED_KEPT = 64  # ids of queued messages not yet ended, at most (each prompt cuts off the last)


class SSIPClient:
    """One SSIP connection: commands wait (with a time-out) for their reply; events go to ``on_event``.

    A reader thread splits what arrives into replies (codes 1xx-6xx) and notifications
    (7xx: ``on_event(code, data_lines, text)``, the message id the first data line), which
    may come at any time. ``on_reply`` sees each reply on that thread first, so what follows
    from a reply (a message queued) is told before the message's own notifications, even
    when they arrive first: speech-dispatcher writes the ``225`` reply to a SPEAK and the
    message's events from different threads, so its ``701 BEGIN`` can reach the socket
    before the ``225``. From the moment a SPEAK's text is sent until its reply comes, the
    notifications of messages not yet told queued are held, and passed on just after it.
    """

    def __init__(
        self,
        sock: socket.socket,
        on_event: Callable[[int, tuple[str, ...], str], None] | None = None,
        *,
        on_reply: Callable[[Reply], None] | None = None,
        timeout: float = REPLY_TIMEOUT,
    ) -> None:
        self._sock = sock
        self._on_event = on_event
        self._on_reply = on_reply
        self._timeout = timeout
        self._replies: queue.Queue[Reply | None] = queue.Queue()
        self._queuing = threading.Event()  # a SPEAK's text is sent and its reply has not come
        # Both used only on the reader thread.
        self._queued: dict[str, None] = {}  # ids a 225 reply told queued, not yet ended (oldest first)
        self._held: list[tuple[int, tuple[str, ...], str]] = []  # notifications come before a 225
        self._closed = threading.Event()
        sock.settimeout(timeout)  # bounds every send; the reader loops over its own time-outs
        self._reader = threading.Thread(target=self._read, name="stretchapp-ssip", daemon=True)
        self._reader.start()

    @classmethod
    def connect(
        cls,
        address: Path | tuple[str, int],
        on_event: Callable[[int, tuple[str, ...], str], None] | None = None,
        *,
        on_reply: Callable[[Reply], None] | None = None,
        timeout: float = CONNECT_TIMEOUT,
        reply_timeout: float = REPLY_TIMEOUT,
    ) -> SSIPClient:
        if isinstance(address, tuple):
            sock = socket.create_connection(address, timeout=timeout)
        else:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            try:
                sock.connect(str(address))
            except OSError:
                sock.close()
                raise
        return cls(sock, on_event, on_reply=on_reply, timeout=reply_timeout)

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def command(self, line: str, *, timeout: float | None = None) -> Reply:
        self._send(line.encode("utf-8") + b"\r\n")
        return self._reply(timeout)

    def speak(self, text: str) -> Reply:
        """SPEAK ``text``: the reply is ``225`` with the message id as its data line when queued."""
        ready = self.command("SPEAK")
        if ready.code != 230:
            return ready
        self._queuing.set()  # before the text goes: the message's events may beat its reply back
        self._send(escape_ssip(text))
        return self._reply(None)

    def close(self) -> None:
        if self._closed.is_set():
            return
        self._closed.set()
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()

    def _send(self, data: bytes) -> None:
        if self._closed.is_set():
            raise SSIPError("the connection is closed")
        try:
            self._sock.sendall(data)
        except OSError as exc:
            self.close()
            raise SSIPError(f"sending failed: {exc}") from exc

    def _reply(self, timeout: float | None) -> Reply:
        try:
            reply = self._replies.get(timeout=self._timeout if timeout is None else timeout)
        except queue.Empty:
            # A reply that comes later would answer the wrong command: this connection is done.
            self.close()
            raise SSIPError("no reply in time") from None
        if reply is None:
            raise SSIPError("the service closed the connection")
        return reply

    def _read(self) -> None:
        buffer = b""
        data: dict[int, list[str]] = {}  # by code: a notification may arrive amid a long reply
        try:
            while not self._closed.is_set():
                try:
                    chunk = self._sock.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not chunk:
                    break
                buffer += chunk
                *lines, buffer = buffer.split(b"\r\n")
                for raw in lines:
                    line = raw.decode("utf-8", errors="replace")
                    if len(line) < 4 or not line[:3].isdigit():
                        continue  # not SSIP; ignore rather than guess
                    code, sep, rest = int(line[:3]), line[3], line[4:]
                    if sep == "-":
                        data.setdefault(code, []).append(rest)
                        continue
                    lines_of_reply = tuple(data.pop(code, ()))
                    if 700 <= code < 800:
                        self._notification(code, lines_of_reply, rest)
                    else:
                        self._on_a_reply(Reply(code, lines_of_reply, rest))
        finally:
            self._closed.set()
            self._replies.put(None)

    def _on_a_reply(self, reply: Reply) -> None:
        if self._on_reply is not None:
            self._on_reply(reply)
        if reply.code == SSIP_QUEUED and reply.lines:
            self._queued[reply.lines[0]] = None
            if len(self._queued) > QUEUED_KEPT:
                del self._queued[next(iter(self._queued))]
        if self._queuing.is_set():  # the reply to a SPEAK's text: what waited for it goes on now
            self._queuing.clear()
            held, self._held = self._held, []
            for code, lines, text in held:
                self._pass_on(code, lines, text)
        self._replies.put(reply)  # last: the next SPEAK cannot start before the held events are told

    def _notification(self, code: int, lines: tuple[str, ...], text: str) -> None:
        message = lines[0] if lines else ""
        if self._queuing.is_set() and message and message not in self._queued:
            self._held.append((code, lines, text))  # most likely the message being queued: after its 225
            return
        self._pass_on(code, lines, text)

    def _pass_on(self, code: int, lines: tuple[str, ...], text: str) -> None:
        if code in SSIP_LAST_EVENTS and lines:
            self._queued.pop(lines[0], None)  # nothing more comes about it
        if self._on_event is not None:
            self._on_event(code, lines, text)


SSIP_EVENTS = {701: EventKind.STARTED, 702: EventKind.FINISHED, 703: EventKind.CANCELLED}


def _client_name() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "user"
    return f"{re.sub(r'[^A-Za-z0-9_.-]', '_', user) or 'user'}:stretchapp:prompts"


def _ssip_rate(rate: float) -> int:
    return round(max(-1.0, min(1.0, rate)) * 100)


def _ssip_volume(volume: float) -> int:
    return round(max(0.0, min(1.0, volume)) * 200 - 100)


class SpeechDispatcher(SpeechBackend):
    """speech-dispatcher over SSIP; spawned when it is not running and can be."""

    name = "speech-dispatcher"

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        which: Callable[[str], str | None] = shutil.which,
        spawn: Callable[[list[str]], object] | None = None,
        timeout: float = REPLY_TIMEOUT,
    ) -> None:
        self._env = env
        self._timeout = timeout
        self._which = which
        self._spawn = spawn or _spawn_quietly
        self._client: SSIPClient | None = None
        self._events: EventSink | None = None
        self._applied: dict[str, object] = {}  # what this connection has set, by SSIP name
        self._speaking_with = ""  # the voice of the prompt being sent, for its QUEUED event

    def open(self, events: EventSink) -> None:
        self._events = events
        self._connect()

    def speak(self, text: str, settings: VoiceSettings) -> None:
        for attempt in (1, 2):
            try:
                client = self._ready(settings)
                client.command("CANCEL SELF")
                self._speaking_with = settings.voice
                reply = client.speak(text)
            except SSIPError as exc:
                self._drop()
                if attempt == 2:
                    raise SpeechUnavailableError(stopped_notice(self.name), str(exc)) from exc
                continue
            if reply.code != 225:
                raise SpeechUnavailableError(stopped_notice(self.name), f"SPEAK: {reply.code} {reply.text}")
            return  # QUEUED was told by the reader thread, which holds the message's events till then

    def cancel(self) -> None:
        client = self._client
        if client is None or client.closed:
            return
        try:
            client.command("CANCEL SELF")
        except SSIPError:
            self._drop()  # nothing is being said on a broken connection; the next prompt reconnects

    def voices(self) -> list[str]:
        return voices_in(self._triples(), self.language)

    def has_voice_for(self, language: str) -> bool | None:
        return any(speaks(voice_language, language) for _name, voice_language, _v in self._triples())

    def _triples(self) -> list[tuple[str, str, str]]:
        client = self._client if self._client is not None and not self._client.closed else self._connect()
        try:
            reply = client.command("LIST SYNTHESIS_VOICES")
        except SSIPError as exc:
            self._drop()
            raise SpeechUnavailableError(stopped_notice(self.name), str(exc)) from exc
        triples = []
        for line in reply.lines:
            name, _, more = line.partition("\t")
            language, _, variant = more.partition("\t")
            if name:
                triples.append((name, language, variant))
        return triples

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None and not client.closed:
            try:
                client.command("CANCEL SELF", timeout=0.5)  # nothing of ours goes on being said
                client.command("QUIT", timeout=0.5)
            except SSIPError:
                pass
            client.close()

    # -- connection ---------------------------------------------------------------------------
    def _connect(self) -> SSIPClient:
        env = os.environ if self._env is None else self._env
        address = speechd_address(env)
        try:
            client = SSIPClient.connect(
                address, self._on_ssip_event, on_reply=self._on_ssip_reply, reply_timeout=self._timeout
            )
        except OSError as first:
            binary = self._which("speech-dispatcher")
            if isinstance(address, tuple) or binary is None:
                raise SpeechUnavailableError(
                    no_speechd_notice(), f"cannot reach {address}: {first}"
                ) from first
            client = self._spawn_and_connect(binary, address, first)
        try:
            self._setup(client)
        except SSIPError as exc:
            client.close()
            raise SpeechUnavailableError(stopped_notice(self.name), f"setting up: {exc}") from exc
        self._client = client
        self._applied = {}
        return client

    def _spawn_and_connect(self, binary: str, address: Path, first: OSError) -> SSIPClient:
        log.info("speech-dispatcher is not running at %s; starting it", address)
        try:
            self._spawn([binary, "--spawn"])
        except (OSError, subprocess.SubprocessError) as exc:
            raise SpeechUnavailableError(no_speechd_notice(), f"speech-dispatcher --spawn: {exc}") from exc
        deadline = time.monotonic() + SPAWN_TIMEOUT
        while True:
            try:
                return SSIPClient.connect(
                    address, self._on_ssip_event, on_reply=self._on_ssip_reply, reply_timeout=self._timeout
                )
            except OSError as exc:
                if time.monotonic() >= deadline:
                    raise SpeechUnavailableError(
                        no_speechd_notice(), f"cannot reach {address} after spawning: {exc} (first: {first})"
                    ) from exc
                time.sleep(0.1)

    def _setup(self, client: SSIPClient) -> None:
        client.command(f"SET SELF CLIENT_NAME {_client_name()}")
        modules = client.command("LIST OUTPUT_MODULES")
        if modules.ok and not [m for m in modules.lines if m.strip() and m.strip() != "dummy"]:
            client.close()
            raise SpeechUnavailableError(no_voice_notice(), f"output modules: {list(modules.lines)}")
        client.command("SET SELF NOTIFICATION ALL on")
        # "message": not cut off by a screen reader's running text, and never cutting off its
        # important messages.
        client.command("SET SELF PRIORITY message")

    def _ready(self, settings: VoiceSettings) -> SSIPClient:
        """A connection with ``settings`` applied; a fresh one when a setting goes back to the default."""
        wanted: dict[str, object] = {"VOLUME": _ssip_volume(settings.volume)}
        if settings.voice:
            wanted["SYNTHESIS_VOICE"] = settings.voice
        if _ssip_rate(settings.rate) != 0:
            wanted["RATE"] = _ssip_rate(settings.rate)
        client = self._client
        # SSIP cannot unset a value: only a new connection hears the person's own rate and voice again.
        if client is None or client.closed or any(k not in wanted for k in self._applied if k != "LANGUAGE"):
            self._drop()
            client = self._connect()
        wanted_language = (settings.language or "en").replace("_", "-")
        if "SYNTHESIS_VOICE" not in wanted and self._applied.get("LANGUAGE") != wanted_language:
            # Keep the person's own voice when it speaks the prompts' language, else ask for one that does.
            language = client.command("GET LANGUAGE")
            current = language.lines[0] if language.ok and language.lines else ""
            if not speaks(current, wanted_language):
                reply = client.command(f"SET SELF LANGUAGE {wanted_language.split('-', 1)[0].lower()}")
                if not reply.ok:
                    log.info(
                        "speech-dispatcher refused LANGUAGE %s: %s %s",
                        wanted_language,
                        reply.code,
                        reply.text,
                    )
            self._applied["LANGUAGE"] = wanted_language
        for key, value in wanted.items():
            if self._applied.get(key) != value:
                reply = client.command(f"SET SELF {key} {value}")
                if reply.ok:
                    self._applied[key] = value
                else:
                    log.info("speech-dispatcher refused %s %s: %s %s", key, value, reply.code, reply.text)
        return client

    def _drop(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def _on_ssip_reply(self, reply: Reply) -> None:
        if reply.code == 225 and self._events is not None:
            self._events(SpeechEvent(EventKind.QUEUED, voice=self._speaking_with))

    def _on_ssip_event(self, code: int, _lines: tuple[str, ...], _text: str) -> None:
        kind = SSIP_EVENTS.get(code)
        if kind is not None and self._events is not None:
            self._events(SpeechEvent(kind))


def _spawn_quietly(command: list[str]) -> object:
    # --spawn forks the daemon and returns once it listens; its output must not hold our pipes.
    return subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=SPAWN_TIMEOUT,
        check=True,
    )


# -- processes: what the Windows and macOS back-ends need of subprocess -------------------------
class Process(Protocol):
    """The part of :class:`subprocess.Popen` the process back-ends use (tests give a fake)."""

    stdin: IO[bytes] | None
    stdout: IO[bytes] | None
    returncode: int | None

    def poll(self) -> int | None: ...

    def wait(self, timeout: float | None = None) -> int: ...

    def kill(self) -> None: ...


Popen = Callable[..., Process]


def _no_window() -> dict[str, int]:
    flag = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    return {"creationflags": flag} if flag else {}


# -- Windows: SAPI through System.Speech in PowerShell ----------------------------------------------
SAPI_SCRIPT = r"""
$ErrorActionPreference = 'Stop'
[Console]::OutputEncoding = [Text.Encoding]::UTF8
Add-Type -AssemblyName System.Speech
$s = New-Object System.Speech.Synthesis.SpeechSynthesizer
$s.SetOutputToDefaultAudioDevice()
function Text($b64) { [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($b64)) }
[Console]::Out.WriteLine('READY'); [Console]::Out.Flush()
while ($true) {
  $line = [Console]::In.ReadLine()
  if ($line -eq $null -or $line -eq 'QUIT') { break }
  $verb, $arg = $line.Split(' ', 2)
  try {
    switch ($verb) {
      'SPEAK'  { $s.SpeakAsyncCancelAll(); $null = $s.SpeakAsync((Text $arg)) }
      'CANCEL' { $s.SpeakAsyncCancelAll() }
      'RATE'   { $s.Rate = [int]$arg }
      'VOLUME' { $s.Volume = [int]$arg }
      'VOICE'  { $s.SelectVoice((Text $arg)) }
      'VOICES' { foreach ($v in $s.GetInstalledVoices()) { if ($v.Enabled) {
                   [Console]::Out.WriteLine('VOICE ' + $v.VoiceInfo.Name + "`t" + $v.VoiceInfo.Culture.Name) } } }
    }
    [Console]::Out.WriteLine('OK')
  } catch { [Console]::Out.WriteLine('ERR ' + $_.Exception.Message) }
  [Console]::Out.Flush()
}
"""


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


class Sapi(SpeechBackend):
    """SAPI voices through one PowerShell process: ``SPEAK <base64>`` and friends on its stdin."""

    name = N_("Windows speech (SAPI)")

    def __init__(
        self, *, popen: Popen | None = None, which: Callable[[str], str | None] = shutil.which
    ) -> None:
        self._popen: Popen = popen or subprocess.Popen
        self._which = which
        self._process: Process | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._events: EventSink | None = None
        self._applied: dict[str, object] = {}
        self._listed: list[tuple[str, str, str]] | None = None  # (name, culture, "") once asked

    def open(self, events: EventSink) -> None:
        self._events = events
        shell = self._which("powershell") or self._which("powershell.exe")
        if shell is None:
            raise SpeechUnavailableError(_(NO_SAPI_NOTICE), "powershell is not on PATH")
        encoded = base64.b64encode(SAPI_SCRIPT.encode("utf-16-le")).decode("ascii")
        command = [shell, "-NoLogo", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass"]
        try:
            process = self._popen(
                [*command, "-EncodedCommand", encoded],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                **_no_window(),
            )
        except OSError as exc:
            raise SpeechUnavailableError(_(NO_SAPI_NOTICE), f"starting PowerShell: {exc}") from exc
        self._process = process
        threading.Thread(target=self._read, args=(process,), name="stretchapp-sapi", daemon=True).start()
        first = self._next_line(REPLY_TIMEOUT * 2)  # PowerShell and .NET take a moment to load
        if first != "READY":
            self.close()
            raise SpeechUnavailableError(_(NO_SAPI_NOTICE), f"System.Speech did not start: {first!r}")

    def speak(self, text: str, settings: VoiceSettings) -> None:
        wanted: dict[str, object] = {"VOLUME": round(max(0.0, min(1.0, settings.volume)) * 100)}
        wanted["RATE"] = round(max(-1.0, min(1.0, settings.rate)) * 10)
        voice = settings.voice or self._voice_for(settings.language)
        if voice:
            wanted["VOICE"] = voice
        for key, value in wanted.items():
            if self._applied.get(key) != value:
                arg = _b64(str(value)) if key == "VOICE" else str(value)
                if self._command(f"{key} {arg}")[-1] == "OK":
                    self._applied[key] = value
        self._command(f"SPEAK {_b64(text)}")
        if self._events is not None:
            self._events(SpeechEvent(EventKind.QUEUED, voice=settings.voice))

    def cancel(self) -> None:
        if self._process is not None:
            self._command("CANCEL")

    def voices(self) -> list[str]:
        self._listed = None
        return voices_in(self._triples(), self.language)

    def has_voice_for(self, language: str) -> bool | None:
        return any(speaks(culture, language) for _name, culture, _v in self._triples())

    def _voice_for(self, language: str) -> str | None:
        return None if own_language(language) else voice_for(self._triples(), language)

    def _triples(self) -> list[tuple[str, str, str]]:
        if self._listed is None:
            triples = []
            for line in self._command("VOICES")[:-1]:
                if line.startswith("VOICE "):
                    name, _, culture = line[6:].partition("\t")
                    triples.append((name, culture, ""))
            self._listed = triples
        return self._listed

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        try:
            if process.stdin is not None:
                process.stdin.write(b"QUIT\n")
                process.stdin.close()
            process.wait(1.0)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()

    def _command(self, line: str) -> list[str]:
        """Send one command; its output lines, the last being ``OK`` or ``ERR ...``."""
        process = self._process
        if process is None or process.stdin is None or process.poll() is not None:
            raise SpeechUnavailableError(stopped_notice(self.name), "PowerShell has exited")
        try:
            process.stdin.write(line.encode("ascii") + b"\n")
            process.stdin.flush()
        except OSError as exc:
            raise SpeechUnavailableError(stopped_notice(self.name), f"writing: {exc}") from exc
        out: list[str] = []
        while True:
            got = self._next_line(REPLY_TIMEOUT)
            out.append(got)
            if got == "OK" or got.startswith("ERR"):
                if got.startswith("ERR"):
                    log.info("SAPI refused %s: %s", line.split(" ", 1)[0], got)
                return out

    def _next_line(self, timeout: float) -> str:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise SpeechUnavailableError(stopped_notice(self.name), "no answer in time") from None
        if line is None:
            raise SpeechUnavailableError(stopped_notice(self.name), "PowerShell has exited")
        return line

    def _read(self, process: Process) -> None:
        stream = process.stdout
        try:
            if stream is not None:
                for raw in iter(stream.readline, b""):
                    self._lines.put(raw.decode("utf-8", errors="replace").rstrip("\r\n"))
        except (OSError, ValueError):
            pass
        finally:
            self._lines.put(None)


# -- macOS: say -------------------------------------------------------------------------------------
SAY_WORDS_PER_MINUTE = 180  # about the system's own default; rate 1.0 doubles it, -1.0 halves it
SAY_VOICE_LINE = re.compile(r"^(?P<name>.+?)\s+(?P<lang>[a-z]{2,3}(?:[_-][A-Za-z0-9]+)+)\s+#")


class Say(SpeechBackend):
    """One ``say`` process per prompt, reading the prompt from its stdin; killed to cut it off."""

    name = N_("macOS speech (say)")

    def __init__(
        self,
        *,
        popen: Popen | None = None,
        run: Callable[..., subprocess.CompletedProcess[str]] | None = None,
        which: Callable[[str], str | None] = shutil.which,
    ) -> None:
        self._popen: Popen = popen or subprocess.Popen
        self._run = run or subprocess.run
        self._which = which
        self._binary = ""
        self._current: Process | None = None
        self._events: EventSink | None = None
        self._listed: list[tuple[str, str, str]] | None = None  # (name, language, "") once asked

    def open(self, events: EventSink) -> None:
        self._events = events
        binary = self._which("say")
        if binary is None:
            raise SpeechUnavailableError(_(NO_SAY_NOTICE), "say is not on PATH")
        self._binary = binary

    def speak(self, text: str, settings: VoiceSettings) -> None:
        self.cancel()
        command = [self._binary]
        voice = settings.voice or self._voice_for(settings.language)
        if voice:
            command += ["-v", voice]
        if settings.rate:
            command += ["-r", str(round(SAY_WORDS_PER_MINUTE * 2 ** max(-1.0, min(1.0, settings.rate))))]
        command += ["-f", "-"]  # the text from stdin: nothing in it can be read as an option
        try:
            process = self._popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            if process.stdin is not None:
                volume = max(0.0, min(1.0, settings.volume))
                process.stdin.write(f"[[volm {volume:.2f}]] {text}".encode())
                process.stdin.close()
        except OSError as exc:
            raise SpeechUnavailableError(stopped_notice(self.name), f"running say: {exc}") from exc
        self._current = process
        if self._events is not None:
            self._events(SpeechEvent(EventKind.QUEUED, voice=settings.voice))
            self._events(SpeechEvent(EventKind.STARTED))
        threading.Thread(target=self._watch, args=(process,), name="stretchapp-say", daemon=True).start()

    def cancel(self) -> None:
        process, self._current = self._current, None
        if process is not None and process.poll() is None:
            process.kill()

    def voices(self) -> list[str]:
        self._listed = None
        return voices_in(self._triples(), self.language)

    def has_voice_for(self, language: str) -> bool | None:
        triples = self._triples()
        return any(speaks(lang, language) for _name, lang, _v in triples) if triples else None

    def _voice_for(self, language: str) -> str | None:
        return None if own_language(language) else voice_for(self._triples(), language)

    def _triples(self) -> list[tuple[str, str, str]]:
        if self._listed is not None:
            return self._listed
        try:
            listed = self._run(
                [self._binary, "-v", "?"], capture_output=True, text=True, timeout=REPLY_TIMEOUT, check=False
            )
        except (OSError, subprocess.SubprocessError) as exc:
            log.info("say -v ? failed: %s", exc)
            return []
        triples = []
        for line in listed.stdout.splitlines():
            match = SAY_VOICE_LINE.match(line)
            if match:
                triples.append((match["name"].strip(), match["lang"], ""))
        self._listed = triples
        return triples

    def close(self) -> None:
        self.cancel()

    def _watch(self, process: Process) -> None:
        code = process.wait()
        if self._events is not None:
            self._events(SpeechEvent(EventKind.FINISHED if code == 0 else EventKind.CANCELLED))
