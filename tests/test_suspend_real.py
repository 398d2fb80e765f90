"""The Linux boot-time probe on the real clocks: awake it sees no sleep, and it sees a real jump."""

from __future__ import annotations

import sys
import time

import pytest

from stretchapp.core.suspend import BootTimeProbe, default_probe

pytestmark = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and hasattr(time, "CLOCK_BOOTTIME")),
    reason="CLOCK_BOOTTIME is Linux's",
)


def test_linux_gets_the_boot_time_probe() -> None:
    assert isinstance(default_probe(), BootTimeProbe)


def test_awake_the_real_clocks_show_no_sleep() -> None:
    probe = BootTimeProbe()
    probe.reset(time.monotonic())
    total = 0.0
    for _ in range(5):
        time.sleep(0.05)  # real time passes on both clocks alike
        total += probe.slept(time.monotonic())
    assert total < 0.02


def test_time_the_boot_clock_gains_on_the_monotonic_one_is_reported_as_sleep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = time.clock_gettime
    asleep = 0.0

    def clock_gettime(clock: int) -> float:
        # Only the boot clock runs on while suspended; everything else is the real clock.
        return real(clock) + (asleep if clock == time.CLOCK_BOOTTIME else 0.0)

    monkeypatch.setattr(time, "clock_gettime", clock_gettime)
    probe = BootTimeProbe()
    probe.reset(time.monotonic())
    asleep = 90.0
    assert probe.slept(time.monotonic()) == pytest.approx(90.0, abs=0.05)
    assert probe.slept(time.monotonic()) == pytest.approx(0.0, abs=0.05), "each sleep is told once"
