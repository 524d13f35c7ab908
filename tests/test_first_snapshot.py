"""Cold start: the desk's first snapshot is read while Textual starts, handed
to the dashboard once, and only for the file and zone it was read from."""

from __future__ import annotations

import arrow

from frontdesk.domain import phones
from frontdesk.store import queries, writes
from frontdesk import store
from frontdesk.ui.app import FrontDeskApp
from frontdesk.files.config import Settings
from frontdesk.store import database

TZ = "America/New_York"


def _day(path):
    store.open_database(path)
    now = arrow.utcnow()
    bob = writes.create_customer("Bob Roe", phones.parse("(617) 253-1000"), now)
    writes.log_call(writes.CallDraft(started_at=now.shift(minutes=-5).naive, customer_id=bob, note="hello"), now)
    return now


def test_prefetched_snapshot_is_taken_once_for_its_own_file(tmp_path):
    path = tmp_path / "desk.db"
    _day(path)
    try:
        queries.prefetch_dashboard(path, TZ)
        assert queries.take_prefetched(tmp_path / "other.db", TZ, wait_s=5) is None  # another file: not ours
        queries.prefetch_dashboard(path, TZ)
        assert queries.take_prefetched(path, "Europe/Paris", wait_s=5) is None  # another zone: not ours
        queries.prefetch_dashboard(path, TZ)
        now, snapshot = queries.take_prefetched(path, TZ, wait_s=5)
        assert [c.note for c in snapshot.calls] == ["hello"]
        assert queries.take_prefetched(path, TZ, wait_s=5) is None  # once
    finally:
        store.close_database()


async def test_desk_paints_the_prefetched_snapshot_at_mount(tmp_path):
    path = tmp_path / "desk.db"
    now = _day(path)
    queries.prefetch_dashboard(path, TZ)
    app = FrontDeskApp(Settings(db_path=path, timezone=TZ, region="US"), now=lambda: now)
    async with app.run_test(size=(120, 40)):
        screen = app.screen
        assert screen.snapshot is not None  # applied in on_mount, before any worker ran
        assert [c.note for c in screen.snapshot.calls] == ["hello"]
    store.close_database()


def test_search_index_tables_are_not_another_programs(tmp_path):
    """Another process may read the header before the WAL is checkpointed (user_version 0)."""
    path = tmp_path / "desk.db"
    _day(path)
    store.close_database()
    assert database._foreign_tables(path) == set()
