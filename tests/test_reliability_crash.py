"""Crash safety: a writer killed with SIGKILL at random moments never damages
the file or loses a call it was told was saved.  bench/crash_kill.py does
this 100 times (figures in the README); here the same code runs 3 times."""

from __future__ import annotations

from bench import crash_kill


def test_sigkill_mid_writing_loses_no_acknowledged_call(tmp_path):
    result = crash_kill.run(tmp_path / "crash.db", kills=3, seed=7, max_delay=0.3)
    assert result.problems == []
    assert result.kills == 3
    assert result.missing == 0 and result.integrity_failures == 0 and result.half_transactions == 0
    assert result.rows >= result.acknowledged
