"""Random command sequences against the scheduler: rules that hold whatever the person does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from stretchapp.core.scheduler import MAX_REAPPEARANCES, BreakDue, Scheduler, State
from tests.fakes import FakeClock

COMMANDS = (
    "snooze",
    "skip",
    "pause_hour",
    "pause_tomorrow",
    "resume",
    "session",
    "end_ok",
    "end_early",
    "taken",
)

steps = st.lists(
    st.one_of(
        st.tuples(st.just("wait"), st.floats(min_value=0, max_value=7200)),
        st.tuples(st.just("wake"), st.none()),
        st.tuples(st.just("idle"), st.floats(min_value=0, max_value=1200)),
        st.tuples(st.just("sleep"), st.floats(min_value=0, max_value=36000)),
        st.tuples(st.sampled_from(COMMANDS), st.none()),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(steps=steps, interval=st.integers(1, 120), snooze=st.integers(1, 30))
def test_rules_hold_for_any_sequence(
    steps: list[tuple[str, float | None]], interval: int, snooze: int
) -> None:
    mono = FakeClock()
    offset = [1.7e9]
    s = Scheduler(interval * 60, snooze * 60, mono, lambda: mono() + offset[0])
    for kind, value in steps:
        before, due_before = s.state, s.next_due()
        event = None
        if kind == "wait":
            mono.advance(value or 0.0)
        elif kind == "sleep":
            offset[0] += value or 0.0
        elif kind in {"wake", "idle"}:
            target = s.next_check()
            if kind == "wake" and target is not None:
                mono.advance(max(0.0, target - mono()))
            event = s.tick(idle_seconds=value)
            check = s.next_check()
            # The timer never spins: after a tick the next check lies in the future.
            assert check is None or check > mono()
        else:
            {
                "snooze": s.snooze,
                "skip": s.skip,
                "pause_hour": lambda: s.pause_for(3600),
                "pause_tomorrow": s.pause_until_tomorrow,
                "resume": s.resume,
                "session": s.session_started,
                "end_ok": lambda: s.session_ended(True),
                "end_early": lambda: s.session_ended(False),
                "taken": s.break_taken,
            }[kind]()
        if isinstance(event, BreakDue):
            # Never during a routine or a pause, never early, never more than three returns.
            assert before not in {State.IN_SESSION, State.PAUSED}
            assert 0 <= event.reminder <= MAX_REAPPEARANCES
            assert s.state is State.DUE
            assert due_before is not None and mono() >= due_before
        ended = kind == "end_ok" and before is State.IN_SESSION
        if (ended or (kind == "taken" and before is not State.IN_SESSION)) and s.state is State.WORKING:
            # A break taken starts a full work interval.
            assert s.next_due() == mono() + interval * 60
        assert (s.next_check() is None) == (s.state is State.IN_SESSION)
