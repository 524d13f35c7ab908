"""Two desks, one file: concurrent writers lose nothing, duplicate nothing and
never see "database is locked"; a desk sees the other's calls on its next tick.

The full 2 x 2000 run is bench/soak_two_desks.py (figures in the README);
this runs the same code at 2 x 200 plus command-line writers.
"""

from __future__ import annotations

import subprocess
import sys

import arrow
import pytest

from bench import soak_two_desks
from frontdesk.store import queries
from frontdesk import store
from ui_helpers import FROZEN, TZ, make_app, seed, settle
from frontdesk.store import models


def test_two_desks_and_command_line_writers_lose_nothing(tmp_path):
    result = soak_two_desks.run(tmp_path / "desks.db", per_desk=200, cli_per_writer=3)
    assert result.errors == []  # no "database is locked", nothing at all
    assert result.stored == result.expected == 406
    assert result.missing == 0 and result.duplicates == 0 and result.integrity == "ok"
    assert result.shared_customers_ok  # the same new caller logged by both desks: one customer


OTHER_DESK = """
import sys
import arrow
from frontdesk import store
from frontdesk.cli import log_call as logcall
store.open_database(sys.argv[1], create=False)
print(logcall.log("(212) 736-5000", arrow.get(sys.argv[2]), region="US", note=sys.argv[3]))
"""


def _other_desk_logs(path, note: str, at) -> None:
    """Another desk, in its own process, logs a call (the `frontdesk log` code path) at the frozen time."""
    done = subprocess.run([sys.executable, "-c", OTHER_DESK, str(path), at.isoformat(), note],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def notes_shown(app) -> list[str]:
    pane = app.screen.query_one("#calls")
    return [" ".join(str(cell) for cell in pane.get_row(key)) for key in pane.rows]


async def test_a_desk_sees_the_other_desks_call_on_its_next_tick_without_reloading_idle_ticks(db, tmp_path, monkeypatch):
    seed()
    store.close_database()
    moments = [FROZEN]
    app = make_app(tmp_path / "fd.db")
    app._now = lambda: moments[-1]
    reads = []
    real = queries.dashboard
    monkeypatch.setattr(queries, "dashboard", lambda now, tz: reads.append(now) or real(now, tz))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert len(reads) == 1
        header_before = str(screen.query_one("#desk-header").render())
        # idle ticks: the clock moves, nothing was committed -> no reload, but a re-render at the new time
        moments.append(FROZEN.shift(minutes=7))
        screen._load()
        await settle(app, pilot)
        assert len(reads) == 1
        assert str(screen.query_one("#desk-header").render()) != header_before
        # another desk commits a call -> the very next tick reads it
        _other_desk_logs(tmp_path / "fd.db", "from the other desk", FROZEN.shift(minutes=7))
        moments.append(FROZEN.shift(minutes=8))
        screen._load()
        await settle(app, pilot)
        assert len(reads) == 2
        assert any("from the other desk" in row for row in notes_shown(app))
        # `r` always reads
        await pilot.press("r")
        await settle(app, pilot)
        assert len(reads) == 3


def test_the_change_watch_notices_commits_and_a_new_day(db, tz):
    watch = queries.ChangeWatch()
    try:
        now = arrow.get("2026-11-25T15:00:00", tzinfo=tz)
        assert watch.stale(now, tz)  # the first look
        assert not watch.stale(now.shift(hours=1), tz)
        models.Technician.create(name="Ana")  # another connection commits
        assert watch.stale(now.shift(hours=1), tz)
        assert not watch.stale(now.shift(hours=2), tz)
        assert watch.stale(now.shift(hours=10), tz)  # past midnight: "today" moved
    finally:
        watch.close()


def test_a_desk_keeps_the_file_marked_in_use(db, tz):
    """The watch's open connection is what makes `frontdesk restore` refuse a database in use."""
    from frontdesk.store import backup

    path = db.database
    store.close_database()
    store.open_database(path)
    watch = queries.ChangeWatch()
    try:
        watch.stale(arrow.utcnow(), tz)
        store.close_database()
        assert backup.in_use(path)
    finally:
        watch.close()
    assert not backup.in_use(path)
