"""Schema upgrades: a genuine schema-1 file is upgraded in place, every row
intact, after a private backup copy next to it; a failed upgrade changes nothing."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from peewee import SQL, CharField, IntegerField

from frontdesk.store import migrate
from frontdesk import store
from frontdesk.store import models

# The schema frontdesk 0.1 (schema 1) wrote, exactly as SQLite recorded it.
V1_DDL = """
CREATE TABLE "customer" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(200) NOT NULL, "name_key" VARCHAR(200) NOT NULL, "company" VARCHAR(200) NOT NULL, "notes" TEXT NOT NULL, "created_at" DATETIME NOT NULL);
CREATE INDEX "customer_name_key" ON "customer" ("name_key");
CREATE TABLE "technician" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(120) NOT NULL, "phone" VARCHAR(40) NOT NULL, "active" INTEGER NOT NULL);
CREATE TABLE "ticket" ("id" INTEGER NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "title" VARCHAR(300) NOT NULL, "priority" VARCHAR(10) NOT NULL, "status" VARCHAR(10) NOT NULL, "opened_at" DATETIME NOT NULL, "needed_by" DATETIME, "promised_by" DATETIME, "closed_at" DATETIME, "technician_id" INTEGER, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("technician_id") REFERENCES "technician" ("id") ON DELETE SET NULL);
CREATE INDEX "ticket_customer_id" ON "ticket" ("customer_id");
CREATE INDEX "ticket_technician_id" ON "ticket" ("technician_id");
CREATE INDEX "ticket_status_promised_by" ON "ticket" ("status", "promised_by");
CREATE INDEX "ticket_customer_id_status" ON "ticket" ("customer_id", "status");
CREATE TABLE "visit" ("id" INTEGER NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "ticket_id" INTEGER, "technician_id" INTEGER, "window_start" DATETIME NOT NULL, "window_end" DATETIME NOT NULL, "status" VARCHAR(12) NOT NULL, "arrived_at" DATETIME, "eta" DATETIME, "customer_choice" VARCHAR(20) NOT NULL, "created_at" DATETIME NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("ticket_id") REFERENCES "ticket" ("id") ON DELETE SET NULL, FOREIGN KEY ("technician_id") REFERENCES "technician" ("id") ON DELETE SET NULL);
CREATE INDEX "visit_customer_id" ON "visit" ("customer_id");
CREATE INDEX "visit_ticket_id" ON "visit" ("ticket_id");
CREATE INDEX "visit_technician_id" ON "visit" ("technician_id");
CREATE INDEX "visit_window_start" ON "visit" ("window_start");
CREATE TABLE "call" ("id" INTEGER NOT NULL PRIMARY KEY, "started_at" DATETIME NOT NULL, "direction" VARCHAR(3) NOT NULL, "outcome" VARCHAR(10) NOT NULL, "channel" VARCHAR(10) NOT NULL, "reason" VARCHAR(20) NOT NULL, "customer_id" INTEGER, "phone_raw" VARCHAR(64) NOT NULL, "phone_e164" VARCHAR(20) NOT NULL, "ticket_id" INTEGER, "visit_id" INTEGER, "duration_s" INTEGER NOT NULL, "note" TEXT NOT NULL, "callback_by" DATETIME, "callback_done_at" DATETIME, "informed" INTEGER NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE SET NULL, FOREIGN KEY ("ticket_id") REFERENCES "ticket" ("id") ON DELETE SET NULL, FOREIGN KEY ("visit_id") REFERENCES "visit" ("id") ON DELETE SET NULL);
CREATE INDEX "call_started_at" ON "call" ("started_at");
CREATE INDEX "call_customer_id" ON "call" ("customer_id");
CREATE INDEX "call_ticket_id" ON "call" ("ticket_id");
CREATE INDEX "call_visit_id" ON "call" ("visit_id");
CREATE INDEX "call_callback_by" ON "call" ("callback_by");
CREATE INDEX "call_ticket_id_started_at" ON "call" ("ticket_id", "started_at");
CREATE INDEX "call_visit_id_started_at" ON "call" ("visit_id", "started_at");
CREATE INDEX "call_customer_id_started_at" ON "call" ("customer_id", "started_at");
CREATE TABLE "phone" ("id" INTEGER NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "e164" VARCHAR(20) NOT NULL, "reversed_digits" VARCHAR(20) NOT NULL, "extension" VARCHAR(8) NOT NULL, "label" VARCHAR(40) NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE);
CREATE INDEX "phone_customer_id" ON "phone" ("customer_id");
CREATE INDEX "phone_e164" ON "phone" ("e164");
CREATE INDEX "phone_reversed_digits" ON "phone" ("reversed_digits");
CREATE UNIQUE INDEX "phone_customer_id_e164_extension" ON "phone" ("customer_id", "e164", "extension");
"""
V1_TABLES = ("customer", "phone", "technician", "ticket", "visit", "call")

ROWS = {
    "customer": [
        (1, "Zoë [bold]Ünal[/bold]", "zoë [bold]ünal[/bold]", "Acme, \"Inc\"", "line 1\nline 2 \x1b[2J", "2026-01-02 09:00:00"),
        (2, "שלום עולם", "שלום עולם", "", "", "2026-02-03 10:30:00.123456"),
        (3, "O'Brien; DROP TABLE call;--", "o'brien; drop table call;--", "", "🔧🚀", "2026-03-04 11:00:00"),
    ],
    "phone": [
        (1, 1, "+12125550123", "3210555212", "", "office"),
        (2, 1, "+16175550100", "0010555716", "214", ""),
        (3, 2, "+442079460000", "0000649702", "", "mobile"),
    ],
    "technician": [(1, "Marcus Webb", "555-0101", 1), (2, "Ana", "", 0)],
    "ticket": [
        (1, 1, "Printer jams", "high", "open", "2026-11-20 14:00:00", "2026-11-26 17:00:00", "2026-11-24 22:00:00", None, 1),
        (2, 2, "Wi-Fi drops", "normal", "closed", "2026-11-01 09:00:00", None, None, "2026-11-02 10:00:00", None),
        (3, 3, "E-mail [red]down[/red]", "urgent", "open", "2026-11-24 08:15:00", None, "2026-11-27 17:00:00", None, 2),
    ],
    "visit": [
        (1, 1, 1, 1, "2026-11-25 15:00:00", "2026-11-25 17:00:00", "scheduled", None, None, "", "2026-11-24 12:00:00"),
        (2, 3, None, 2, "2026-11-26 14:00:00", "2026-11-26 15:00:00", "on site", "2026-11-26 14:10:00",
         "2026-11-26 14:05:00", "wait", "2026-11-25 12:00:00"),
    ],
    "call": [
        (1, "2026-11-25 14:10:00", "in", "answered", "phone", "status inquiry", 1, "(212) 555-0123", "+12125550123",
         1, None, 200, "Asked when it is fixed.\nSecond line.", None, None, 0),
        (2, "2026-11-25 15:00:00", "in", "missed", "phone", "other", None, "+1 650 253 0000", "+16502530000",
         None, None, 0, "", "2026-11-25 15:00:00", None, 0),
        (3, "2026-11-25 16:00:00", "out", "answered", "sms", "status update", 3, "", "", 3, 2, 0,
         "Told: tech is en route \u202eevil", None, None, 1),
    ],
}


def make_v1(path: Path) -> None:
    """A genuine schema-1 file, as frontdesk 0.1 left it (WAL mode, user_version 1)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = wal")
    connection.executescript(V1_DDL)
    for table, rows in ROWS.items():
        marks = ", ".join("?" * len(rows[0]))
        connection.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()
    path.chmod(0o600)


def v1_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every schema-1 table, schema-1 columns only, read raw."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        out = {}
        for table in V1_TABLES:
            names = [r[1] for r in connection.execute(f'PRAGMA table_info("{table}")')][: len(ROWS[table][0])]
            cols = ", ".join(f'"{n}"' for n in names)
            out[table] = connection.execute(f'SELECT {cols} FROM "{table}" ORDER BY id').fetchall()
        return out
    finally:
        connection.close()


def schema_of(path: Path) -> dict:
    connection = sqlite3.connect(path)
    try:
        tables = sorted(r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'"))
        return {
            t: {
                "columns": sorted(connection.execute(f'PRAGMA table_info("{t}")').fetchall()[i][1:]
                                  for i in range(len(connection.execute(f'PRAGMA table_info("{t}")').fetchall()))),
                "indexes": sorted((r[1], r[2]) for r in connection.execute(f'PRAGMA index_list("{t}")')),
                "foreign_keys": sorted(r[2:] for r in connection.execute(f'PRAGMA foreign_key_list("{t}")')),
            }
            for t in tables
        }
    finally:
        connection.close()


def backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".v1-backup-*"))


@pytest.fixture
def v1(tmp_path):
    path = tmp_path / "frontdesk.db"
    make_v1(path)
    return path


def test_v1_file_upgrades_with_every_row_intact(v1):
    before = v1_rows(v1)
    assert [len(before[t]) for t in V1_TABLES] == [len(ROWS[t]) for t in V1_TABLES]
    database = store.open_database(v1)
    try:
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        # the models read the old rows, new columns at their defaults
        ticket = models.Ticket.get_by_id(1)
        assert (ticket.waiting_on, ticket.satisfaction, ticket.follow_up_due) == ("", "", None)
        assert models.Customer.get_by_id(1).cadence == ""
        assert models.Call.get_by_id(3).satisfaction == "" and models.Call.get_by_id(3).all_well is None
        # 1 -> 2: the current promise becomes the first entry of the history
        promises = [(p.ticket_id, str(p.promised_by), str(p.made_at)) for p in models.Promise.select().order_by(models.Promise.ticket)]
        assert promises == [(1, "2026-11-24 22:00:00", "2026-11-20 14:00:00"),
                            (3, "2026-11-27 17:00:00", "2026-11-24 08:15:00")]
        assert [str(t.promised_at) for t in models.Ticket.select().order_by(models.Ticket.id)] == [
            "2026-11-20 14:00:00", "None", "2026-11-24 08:15:00"]
        # and the upgraded file takes new rows with the new columns
        models.Ticket.create(customer=1, title="new", opened_at=ticket.opened_at, waiting_on="parts")
    finally:
        store.close_database()
    after = v1_rows(v1)
    assert {t: after[t][: len(ROWS[t])] for t in V1_TABLES} == before  # byte for byte, every value
    assert stat.S_IMODE(v1.stat().st_mode) == 0o600


def test_the_backup_is_a_private_readable_v1_copy(v1):
    before = v1_rows(v1)
    store.open_database(v1)
    store.close_database()
    [copy] = backups(v1)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    connection = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == set(V1_TABLES)
        assert [r[1] for r in connection.execute('PRAGMA table_info("ticket")')][-1] == "technician_id"
    finally:
        connection.close()
    assert v1_rows(copy) == before
    assert not Path(str(copy) + "-wal").exists()  # one self-contained file


def test_an_upgraded_file_has_the_same_schema_as_a_new_one(v1, tmp_path):
    store.open_database(v1)
    store.close_database()
    fresh = tmp_path / "fresh.db"
    store.open_database(fresh)
    store.close_database()
    assert schema_of(v1) == schema_of(fresh)


def test_opening_again_makes_no_second_backup(v1):
    store.open_database(v1)
    store.close_database()
    store.open_database(v1)
    store.close_database()
    assert len(backups(v1)) == 1


def test_a_failed_upgrade_leaves_the_file_as_it_was(v1, monkeypatch):
    def broken(database):
        raise RuntimeError("disk I/O error")

    before = v1_rows(v1)
    monkeypatch.setitem(migrate.DATA_STEPS, 2, broken)
    with pytest.raises(store.StoreError) as info:
        store.open_database(v1)
    message = str(info.value)
    assert message.startswith(f"Cannot upgrade {v1} from schema 1 to {store.SCHEMA_VERSION}: disk I/O error")
    assert "backup copy" in message and "\n" not in message
    connection = sqlite3.connect(v1)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == set(V1_TABLES)  # the new tables were rolled back too
        assert "promised_at" not in {r[1] for r in connection.execute('PRAGMA table_info("ticket")')}
    finally:
        connection.close()
    assert v1_rows(v1) == before
    monkeypatch.undo()
    store.open_database(v1)  # the cause fixed: it upgrades
    store.close_database()
    assert v1_rows(v1) == before


def test_no_upgrade_without_a_backup(v1, monkeypatch):
    from frontdesk.store import backup

    def no_space(source, dest):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "copy_connection", no_space)
    with pytest.raises(store.StoreError, match="the backup copy failed \\(No space left on device\\)"):
        store.open_database(v1)
    connection = sqlite3.connect(v1)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        connection.close()


def test_an_empty_file_is_created_without_a_backup(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    store.open_database(path)
    store.close_database()
    assert sorted(p.name for p in tmp_path.iterdir() if "backup" in p.name) == []


def test_columns_added_later_are_picked_up_generically(v1, tmp_path):
    """A field the lead adds to a model later needs no migration code."""
    database = store.open_database(v1)
    try:
        class Later(models.BaseModel):
            id = IntegerField(primary_key=True)
            nickname = CharField(max_length=40, default="", constraints=[SQL("DEFAULT ''")])
            score = IntegerField(null=True)

            class Meta:
                table_name = "customer"

        with database.atomic():
            assert migrate.migrate_schema(database, [Later]) == ["customer.nickname", "customer.score"]
        assert database.execute_sql('SELECT nickname, score FROM customer WHERE id = 1').fetchone() == ("", None)
        assert migrate.missing_columns(database, [Later]) == []
    finally:
        store.close_database()


def test_a_column_that_cannot_be_added_is_refused_clearly(db):
    class Bad(models.BaseModel):
        id = IntegerField(primary_key=True)
        required = CharField(max_length=10)  # NOT NULL, no SQL default: old rows would have no value

        class Meta:
            table_name = "technician"

    with pytest.raises(RuntimeError, match="technician.required needs to be nullable or have an SQL DEFAULT"):
        with db.atomic():
            migrate.migrate_schema(db, [Bad])
    assert "required" not in migrate.columns(db, "technician")


def test_every_column_of_the_current_models_is_addable():
    """Guards the lead's next schema change: any new column must be addable to an old table."""
    v1_columns = {t: set() for t in V1_TABLES}
    for line in V1_DDL.splitlines():
        if line.startswith("CREATE TABLE"):
            table = line.split('"')[1]
            v1_columns[table] = {part.split('"')[1] for part in line.split("(", 1)[1].split(", ") if part.startswith('"')}
    for model in models.MODELS:
        known = v1_columns.get(model._meta.table_name)
        if known is None:
            continue  # a new table is created whole
        for field in model._meta.sorted_fields:
            if field.column_name not in known:
                assert migrate.addable(field), f"{model._meta.table_name}.{field.column_name}"
