"""What a session sounds like: which cue plays when, and what is spoken (no Qt).

A :class:`CuePlan` is built from a :class:`~stretchapp.core.model.Timeline`. For every phase it
knows the sound at its start (hold or rest; none for "get ready"), the countdown pips at
3, 2 and 1 seconds left of a hold, the sound at the end of the routine, and the words to
speak when the phase starts.

Spoken text must end before the next cue, so every text is chosen from a list of
candidates, fullest first, against a word budget: about :data:`WORDS_PER_SECOND` words
for each second of the phase (less the countdown of a hold). The shortest candidate is
always short enough for the shortest phase a routine allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from stretchapp.core.i18n import N_, _
from stretchapp.core.kinds import PhaseKind, Side
from stretchapp.core.model import Phase, Timeline
from stretchapp.core.text import number_words, spoken_duration

WORDS_PER_SECOND = 2.5  # an unhurried speaking pace, slower than conversation
COUNTDOWN = (3, 2, 1)  # seconds left of a hold that each get a pip
DONE_TEXT = N_("Well done. Routine complete.")
# Said when the end is reached but the routine does not count as done (holds skipped, a
# rehearsal): the voice must not praise what the history will not count.
END_TEXT = N_("End of the routine.")


class Sound(str, Enum):
    """A cue sound; the values are the keys of :data:`stretchapp.resources.SOUND_CUES`."""

    HOLD = "hold"
    REST = "rest"
    COUNTDOWN = "countdown"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class CueEvent:
    """What happens at one instant: phase ``index`` with ``remaining`` whole seconds left.

    The end of the routine is ``index == len(timeline.phases)`` with ``remaining == 0``.
    """

    index: int
    remaining: int
    sound: Sound | None
    text: str | None = None


def position_words(phase: Phase) -> str:
    """Side and rep as spoken, e.g. "Right side, rep two of three"; "" when there is neither."""
    rep = {"rep": number_words(phase.rep), "reps": number_words(phase.reps)}
    if phase.reps > 1:
        if phase.side is Side.RIGHT:
            return _("Right side, rep {rep} of {reps}").format(**rep)
        if phase.side is Side.LEFT:
            return _("Left side, rep {rep} of {reps}").format(**rep)
        return _("Rep {rep} of {reps}").format(**rep)
    if phase.side is Side.RIGHT:
        return _("Right side")
    if phase.side is Side.LEFT:
        return _("Left side")
    return ""


# -- choosing what to say ---------------------------------------------------------------
def word_count(text: str) -> int:
    return len(text.split())


def speaking_seconds(phase: Phase) -> float:
    """How long speech may last in ``phase``: a hold's countdown pips are kept clear of it."""
    if phase.kind is PhaseKind.HOLD and phase.seconds > len(COUNTDOWN) + 1:
        return phase.seconds - len(COUNTDOWN)
    return phase.seconds


def fits(text: str, seconds: float) -> bool:
    return word_count(text) <= seconds * WORDS_PER_SECOND


def choose(candidates: list[str], seconds: float) -> str:
    """The first candidate that can be said within ``seconds``; the last one otherwise."""
    options = [c for c in candidates if c]
    for text in options:
        if fits(text, seconds):
            return text
    return options[-1]


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    return text if text[-1] in ".!?" else text + "."


def _join(*parts: str) -> str:
    return " ".join(s for s in (_sentence(p) for p in parts) if s)


@dataclass(frozen=True, slots=True)
class _Said:
    """What the person has heard so far, so nothing is said twice in a row."""

    exercise: int | None = None  # exercise index last introduced
    side: Side | None = None  # side last held or announced
    steps_for: int | None = None  # phase index of the hold whose steps were already spoken


def _intro(phase: Phase, said: _Said, *, first: bool) -> str:
    """ "Next: <exercise>." for a new exercise, "Switch sides." for a new side, else ""."""
    if phase.exercise_index != said.exercise:
        return phase.exercise if first else _("Next: {exercise}").format(exercise=phase.exercise)
    if phase.side is not None and said.side is not None and phase.side is not said.side:
        return _("Switch sides")
    return ""


def _prepare_text(timeline: Timeline, index: int, said: _Said) -> tuple[str, _Said]:
    phase = timeline.phases[index]
    intro = _intro(phase, said, first=index == 0)
    position = position_words(phase)
    steps = " ".join(_sentence(s) for s in phase.steps)
    seconds = speaking_seconds(phase)
    text = choose(
        [
            _join(intro, position, steps),
            _join(intro, position),
            _join(intro),
            _join(position),
            _("Get ready."),
        ],
        seconds,
    )
    hold_index = index + 1 if index + 1 < len(timeline.phases) else None
    spoke_steps = bool(steps) and steps in text
    return text, _Said(
        exercise=phase.exercise_index,
        side=phase.side,
        steps_for=hold_index if spoke_steps else None,
    )


def _hold_text(timeline: Timeline, index: int, said: _Said) -> tuple[str, _Said]:
    phase = timeline.phases[index]
    intro = _intro(phase, said, first=index == 0)
    position = position_words(phase)
    hold = _("Hold for {duration}").format(duration=spoken_duration(phase.seconds))
    prompt = phase.prompt
    seconds = speaking_seconds(phase)
    previous = timeline.phases[index - 1] if index > 0 else None
    steps = " ".join(_sentence(s) for s in phase.steps)
    if said.steps_for == index:
        # The get-ready phase said what to do: say only what is new.
        candidates = [_join(hold, prompt), _join(hold), _("Hold.")]
    elif previous is not None and previous.kind is PhaseKind.PREPARE:
        # The get-ready phase named the exercise and side but had no time for the steps.
        candidates = [_join(steps, hold), _join(hold, prompt), _join(hold), _("Hold.")]
    else:
        candidates = [
            _join(intro, position, steps, hold),
            _join(intro, position, hold, prompt),
            _join(intro, position, hold),
            _join(position, hold),
            _join(hold),
            _("Hold."),
        ]
    return choose(candidates, seconds), _Said(exercise=phase.exercise_index, side=phase.side)


def _rest_text(timeline: Timeline, index: int, said: _Said) -> tuple[str, _Said]:
    phase = timeline.phases[index]
    upcoming = next((p for p in timeline.phases[index + 1 :] if p.kind is not PhaseKind.REST), None)
    intro = _intro(upcoming, said, first=False) if upcoming is not None else ""
    text = choose([_join(_("Rest"), intro), _("Rest.")], speaking_seconds(phase))
    if intro and intro in text and upcoming is not None:
        # The next exercise or side is announced now, so the get-ready phase need not repeat it.
        return text, _Said(exercise=upcoming.exercise_index, side=upcoming.side)
    return text, said


class CuePlan:
    """Every cue of a timeline, looked up by phase index and seconds left."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self._texts: list[str] = []
        said = _Said()
        makers = {PhaseKind.PREPARE: _prepare_text, PhaseKind.HOLD: _hold_text, PhaseKind.REST: _rest_text}
        for index, phase in enumerate(timeline.phases):
            text, said = makers[phase.kind](timeline, index, said)
            self._texts.append(text)

    def text(self, index: int) -> str:
        """The words to speak as phase ``index`` starts."""
        return self._texts[index]

    def at_phase_start(self, index: int) -> CueEvent:
        phase = self.timeline.phases[index]
        sound = {PhaseKind.HOLD: Sound.HOLD, PhaseKind.REST: Sound.REST}.get(phase.kind)
        return CueEvent(index, phase.seconds, sound, self._texts[index])

    def at_second(self, index: int, remaining: int) -> CueEvent | None:
        """The countdown pip at 3, 2 and 1 s left of a hold; never on the hold's first second."""
        phase = self.timeline.phases[index]
        if phase.kind is PhaseKind.HOLD and remaining in COUNTDOWN and remaining < phase.seconds:
            return CueEvent(index, remaining, Sound.COUNTDOWN)
        return None

    def at_end(self, done: bool = True) -> CueEvent:
        """The cue at the end: praise only when the routine counts as done."""
        return CueEvent(len(self.timeline.phases), 0, Sound.DONE, _(DONE_TEXT if done else END_TEXT))

    def events(self) -> list[CueEvent]:
        """Every cue of the routine in the order a session that runs to its end meets them."""
        out: list[CueEvent] = []
        for index, phase in enumerate(self.timeline.phases):
            out.append(self.at_phase_start(index))
            for remaining in range(phase.seconds, 0, -1):
                event = self.at_second(index, remaining)
                if event is not None:
                    out.append(event)
        out.append(self.at_end())
        return out
