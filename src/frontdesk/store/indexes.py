"""Indexes for the desk's hot reads at years of history, and the name search."""

from __future__ import annotations

from peewee import SqliteDatabase


# Speed at years of history (see bench/RESULTS.md).  Partial indexes hold only
# the few rows the desk's hot reads want (callbacks owed, follow-ups owed,
# customers with a cadence, calls from unknown numbers), so SQLite never walks
# years of history for them; a trigram full-text index of the casefolded names
# finds "any part of the name" without a scan.  Created for new and existing
# files alike, idempotently, by ensure_speed_indexes() on every open.
SPEED_INDEXES = {
    "call_callback_owed": "CREATE INDEX IF NOT EXISTS call_callback_owed ON call (callback_by) "
                          "WHERE callback_by IS NOT NULL AND callback_done_at IS NULL",
    "call_unknown_caller": "CREATE INDEX IF NOT EXISTS call_unknown_caller ON call (phone_e164) "
                           "WHERE customer_id IS NULL",
    "ticket_follow_up_owed": "CREATE INDEX IF NOT EXISTS ticket_follow_up_owed ON ticket (status, follow_up_due) "
                             "WHERE follow_up_due IS NOT NULL AND follow_up_done_at IS NULL",
    "customer_with_cadence": "CREATE INDEX IF NOT EXISTS customer_with_cadence ON customer (id) WHERE cadence > ''",
}
NAME_SEARCH = "customer_name_search"  # FTS5, external content: customer.name_key, kept in sync by triggers
NAME_SEARCH_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {NAME_SEARCH} USING fts5(name_key, content='customer', "
    "content_rowid='id', tokenize='trigram case_sensitive 1')"
)
NAME_SEARCH_TRIGGERS = {
    f"{NAME_SEARCH}_insert": f"""CREATE TRIGGER IF NOT EXISTS {NAME_SEARCH}_insert AFTER INSERT ON customer BEGIN
        INSERT INTO {NAME_SEARCH} (rowid, name_key) VALUES (new.id, new.name_key); END""",
    f"{NAME_SEARCH}_delete": f"""CREATE TRIGGER IF NOT EXISTS {NAME_SEARCH}_delete AFTER DELETE ON customer BEGIN
        INSERT INTO {NAME_SEARCH} ({NAME_SEARCH}, rowid, name_key) VALUES ('delete', old.id, old.name_key); END""",
    f"{NAME_SEARCH}_update": f"""CREATE TRIGGER IF NOT EXISTS {NAME_SEARCH}_update AFTER UPDATE OF name_key ON customer
        BEGIN
        INSERT INTO {NAME_SEARCH} ({NAME_SEARCH}, rowid, name_key) VALUES ('delete', old.id, old.name_key);
        INSERT INTO {NAME_SEARCH} (rowid, name_key) VALUES (new.id, new.name_key); END""",
}


def ensure_speed_indexes(database: SqliteDatabase) -> None:
    """Create whatever of SPEED_INDEXES and the name search is missing (one cheap look when all exist).

    Without FTS5 in this SQLite, or on a file we may not write, name search
    falls back to a scan (queries.customers_by_name) and the rest still works.
    """
    from peewee import OperationalError

    wanted = set(SPEED_INDEXES) | {NAME_SEARCH} | set(NAME_SEARCH_TRIGGERS)
    marks = ", ".join("?" * len(wanted))
    present = {row[0] for row in database.execute_sql(
        f"SELECT name FROM sqlite_master WHERE name IN ({marks})", sorted(wanted)).fetchall()}
    if wanted <= present:
        return
    try:
        with database.atomic():
            for name, ddl in SPEED_INDEXES.items():
                if name not in present:
                    database.execute_sql(ddl)
    except OperationalError:  # read-only file: the hot reads are merely slower
        return
    if not (set(NAME_SEARCH_TRIGGERS) | {NAME_SEARCH}) <= present:
        try:
            with database.atomic():
                database.execute_sql(NAME_SEARCH_TABLE)
                for ddl in NAME_SEARCH_TRIGGERS.values():
                    database.execute_sql(ddl)
                database.execute_sql(f"INSERT INTO {NAME_SEARCH} ({NAME_SEARCH}) VALUES ('rebuild')")
        except OperationalError:  # no FTS5 here, or read-only
            pass
