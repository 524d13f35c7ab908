"""The speed indexes: the name search index stays in sync and gives the same
answers as a scan; the partial indexes exist and the hot reads use them."""

from __future__ import annotations

import sqlite3

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontdesk.domain import phones
from frontdesk.store import queries, writes
from frontdesk import store
from frontdesk.store.models import Call, Customer
from frontdesk.store import indexes
from frontdesk.store import models


def _scan(text: str, limit: int = 20) -> list[str]:
    """What customers_by_name answered before the index: prefix first, then any part, by name_key."""
    key = text.strip().casefold()
    prefix = [c for c in Customer.select().order_by(Customer.name_key) if c.name_key.startswith(key)][:limit]
    seen = {c.id for c in prefix}
    rest = [c for c in Customer.select().order_by(Customer.name_key) if key in c.name_key and c.id not in seen]
    return [c.name for c in (prefix + rest)[:limit]]


def _names(rows):
    return [r.name for r in rows]


def _plan(query) -> str:
    sql, params = query.sql()
    return " ".join(row[3] for row in models.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params))


def test_search_index_follows_inserts_updates_and_deletes(db, now):
    dana = writes.create_customer("Dana Scully", None, now)
    writes.create_customer("Fox Mulder", None, now)
    assert _names(queries.customers_by_name("cul")) == ["Dana Scully"]
    writes.update_customer(dana, "Dana Katherine Scully-Mulder", "", "")
    assert _names(queries.customers_by_name("cul")) == ["Dana Katherine Scully-Mulder"]
    assert _names(queries.customers_by_name("mul")) == ["Dana Katherine Scully-Mulder", "Fox Mulder"]
    assert _names(queries.customers_by_name("therine")) == ["Dana Katherine Scully-Mulder"]
    Customer.delete().where(Customer.id == dana).execute()
    assert _names(queries.customers_by_name("cul")) == []
    assert _names(queries.customers_by_name("mul")) == ["Fox Mulder"]
    assert db.execute_sql(f"SELECT COUNT(*) FROM {indexes.NAME_SEARCH}").fetchone()[0] == 1


def test_search_uses_the_index_not_a_scan(db):
    query = Customer.select().where(queries._name_contains("cul")).order_by(Customer.name_key).limit(20)
    assert "VIRTUAL TABLE" in _plan(query)


def test_existing_file_without_the_indexes_gets_them(tmp_path, now):
    path = tmp_path / "old.db"
    store.open_database(path)
    writes.create_customer("Walter Skinner", None, now)
    store.close_database()
    connection = sqlite3.connect(path)  # a file written before the speed indexes existed
    for name in indexes.NAME_SEARCH_TRIGGERS:
        connection.execute(f"DROP TRIGGER {name}")
    connection.execute(f"DROP TABLE {indexes.NAME_SEARCH}")
    for name in indexes.SPEED_INDEXES:
        connection.execute(f"DROP INDEX {name}")
    connection.commit()
    connection.close()
    store.open_database(path)
    try:
        names = {r[0] for r in models.db.execute_sql("SELECT name FROM sqlite_master").fetchall()}
        assert set(indexes.SPEED_INDEXES) | set(indexes.NAME_SEARCH_TRIGGERS) | {indexes.NAME_SEARCH} <= names
        assert _names(queries.customers_by_name("kin")) == ["Walter Skinner"]  # rebuilt from the table
    finally:
        store.close_database()


def test_search_without_the_index_falls_back_to_a_scan(db, now):
    writes.create_customer("Alvin Kersh", None, now)
    for name in indexes.NAME_SEARCH_TRIGGERS:
        db.execute_sql(f"DROP TRIGGER {name}")
    db.execute_sql(f"DROP TABLE {indexes.NAME_SEARCH}")
    assert _names(queries.customers_by_name("ersh")) == ["Alvin Kersh"]


NAMES = st.lists(
    st.text(alphabet="abcAB é%_\"'*-.ßS", min_size=1, max_size=12).filter(lambda s: s.strip()),
    min_size=1, max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=NAMES, fragment=st.text(alphabet="abcAB é%_\"'*-.ßS", min_size=1, max_size=5))
def test_search_answers_what_a_scan_answers(db, now, names, fragment):
    Customer.delete().execute()
    for name in names:
        writes.create_customer(name, None, now)
    if not fragment.strip():
        return
    assert _names(queries.customers_by_name(fragment)) == _scan(fragment)


def test_hot_reads_use_the_partial_indexes(db, now):
    end = now.shift(days=1).naive
    owed = Call.select().where(Call.callback_by.is_null(False) & Call.callback_done_at.is_null()
                               & (Call.callback_by < end))
    assert "call_callback_owed" in _plan(owed)
    unknown = Call.select().where(Call.customer.is_null() & (Call.phone_e164 == "+16502530000"))
    assert "call_unknown_caller" in _plan(unknown)
    cadence = Customer.select().where(Customer.cadence > "").order_by(Customer.id)
    assert "customer_with_cadence" in _plan(cadence)


def test_settling_callbacks_still_works_with_the_partial_indexes(db, now):
    parsed = phones.parse("(650) 253-0000", "US")
    missed = writes.log_call(writes.CallDraft(started_at=now.shift(hours=-1).naive, phone_raw="(650) 253-0000",
                                              phone=parsed, outcome="missed"), now)
    assert [c.id for c in queries.scheduled_calls(now, "America/New_York")] == [missed]
    writes.log_call(writes.CallDraft(started_at=now.naive, phone_raw="(650) 253-0000", phone=parsed,
                                     direction="out", new_customer_name="Unknown Caller"), now)
    assert queries.scheduled_calls(now, "America/New_York") == []  # the same number was called back
