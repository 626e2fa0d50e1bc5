"""The profiler's nested stage clock: a stage's self time excludes the stages it calls."""

from __future__ import annotations

import time

from scripts.benchmarks.profile_requests import StageClock


def test_self_time_excludes_nested_stages():
    clock = StageClock()
    with clock.stage("outer"):
        time.sleep(0.02)
        with clock.stage("inner"):
            time.sleep(0.03)
    assert clock.calls == {"outer": 1, "inner": 1}
    assert abs(clock.total["outer"] - clock.self_time["outer"] - clock.total["inner"]) < 1e-6
    assert clock.self_time["inner"] >= 0.03 and 0.02 <= clock.self_time["outer"] < clock.total["outer"]
    wrapped = clock.wrap("fn", lambda x: x + 1)
    assert wrapped(1) == 2 and clock.calls["fn"] == 1
