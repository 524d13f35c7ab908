"""The database: Peewee models, opening the file, the schema version.

Times are naive UTC datetimes.  No Textual here.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    SQL,
    SqliteDatabase,
    TextField,
)

SCHEMA_VERSION = 2  # 2: promises, waits, cadence, follow-ups, en route/ETA times

db = DatabaseProxy()

PRIORITIES = ("low", "normal", "high", "urgent")
TICKET_STATUSES = ("open", "closed")
VISIT_STATUSES = ("scheduled", "en route", "on site", "done", "cancelled")
DIRECTIONS = ("in", "out")
OUTCOMES = ("answered", "missed")
REASONS = ("new problem", "status inquiry", "scheduling", "billing", "sales", "check-in", "other")
UPDATE_REASON = "status update"  # outbound "customer informed" contacts
CHANNELS = ("phone", "sms", "email", "in person")
VISIT_CHOICES = ("wait", "reschedule", "another tech")
WAITING_ON = ("customer", "parts")
SATISFACTION = ("satisfied", "not satisfied")
FOLLOW_UP_REASON = "satisfaction"  # the after-closure call


def _empty_default():
    # a NOT NULL text column added to an existing table needs an SQL default
    return [SQL("DEFAULT ''")]


class StoreError(RuntimeError):
    """The database cannot be used; the message is one clear sentence."""


class BaseModel(Model):
    class Meta:
        database = db


class Customer(BaseModel):
    id = AutoField()
    name = CharField(max_length=200)
    name_key = CharField(max_length=200, index=True)  # casefolded, for search
    company = CharField(max_length=200, default="")
    notes = TextField(default="")
    created_at = DateTimeField()
    cadence = CharField(max_length=20, default="", index=True, constraints=_empty_default())  # "" = none
    cadence_days = IntegerField(null=True)  # for a custom cadence
    cadence_since = DateTimeField(null=True)


class Phone(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, backref="phones", on_delete="CASCADE")
    e164 = CharField(max_length=20, index=True)
    reversed_digits = CharField(max_length=20, index=True)
    extension = CharField(max_length=8, default="")
    label = CharField(max_length=40, default="")

    class Meta:
        indexes = ((("customer", "e164", "extension"), True),)


class Technician(BaseModel):
    id = AutoField()
    name = CharField(max_length=120)
    phone = CharField(max_length=40, default="")
    active = BooleanField(default=True)


class Ticket(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, backref="tickets", on_delete="CASCADE")
    title = CharField(max_length=300)
    priority = CharField(max_length=10, default="normal")
    status = CharField(max_length=10, default="open")
    opened_at = DateTimeField()
    needed_by = DateTimeField(null=True)
    promised_by = DateTimeField(null=True)
    closed_at = DateTimeField(null=True)
    technician = ForeignKeyField(Technician, null=True, backref="tickets", on_delete="SET NULL")
    promised_at = DateTimeField(null=True)  # when the current promise was made
    waiting_on = CharField(max_length=10, default="", constraints=_empty_default())  # "", customer, parts
    follow_up_due = DateTimeField(null=True)  # satisfaction call, scheduled on closing
    follow_up_done_at = DateTimeField(null=True)
    satisfaction = CharField(max_length=16, default="", constraints=_empty_default())
    reopened_from = ForeignKeyField("self", null=True, backref="follow_ons", on_delete="SET NULL")

    class Meta:
        indexes = (
            (("status", "promised_by"), False),
            (("customer", "status"), False),
            (("status", "follow_up_due"), False),
            (("status", "priority", "closed_at"), False),  # expected-by: recent closed tickets
        )


class Promise(BaseModel):
    """Every promised-by ever given for a ticket: re-promising keeps the history."""

    id = AutoField()
    ticket = ForeignKeyField(Ticket, backref="promises", on_delete="CASCADE")
    promised_by = DateTimeField()
    made_at = DateTimeField()
    note = TextField(default="")


class TicketWait(BaseModel):
    """A period the ticket waited on the customer or on parts: our clocks pause."""

    id = AutoField()
    ticket = ForeignKeyField(Ticket, backref="waits", on_delete="CASCADE")
    on = CharField(max_length=10)
    started_at = DateTimeField()
    ended_at = DateTimeField(null=True)


class Visit(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, backref="visits", on_delete="CASCADE")
    ticket = ForeignKeyField(Ticket, null=True, backref="visits", on_delete="SET NULL")
    technician = ForeignKeyField(Technician, null=True, backref="visits", on_delete="SET NULL")
    window_start = DateTimeField(index=True)
    window_end = DateTimeField()
    status = CharField(max_length=12, default="scheduled")
    arrived_at = DateTimeField(null=True)
    eta = DateTimeField(null=True)
    customer_choice = CharField(max_length=20, default="")
    created_at = DateTimeField()
    en_route_at = DateTimeField(null=True)
    eta_set_at = DateTimeField(null=True)


class Call(BaseModel):
    """Every contact: inbound and outbound calls, and 'customer informed' updates."""

    id = AutoField()
    started_at = DateTimeField(index=True)
    direction = CharField(max_length=3, default="in")
    outcome = CharField(max_length=10, default="answered")
    channel = CharField(max_length=10, default="phone")
    reason = CharField(max_length=20, default="other")
    customer = ForeignKeyField(Customer, null=True, backref="calls", on_delete="SET NULL")
    phone_raw = CharField(max_length=64, default="")
    phone_e164 = CharField(max_length=20, default="")
    ticket = ForeignKeyField(Ticket, null=True, backref="calls", on_delete="SET NULL")
    visit = ForeignKeyField(Visit, null=True, backref="calls", on_delete="SET NULL")
    duration_s = IntegerField(default=0)
    note = TextField(default="")
    callback_by = DateTimeField(null=True, index=True)
    callback_done_at = DateTimeField(null=True)
    informed = BooleanField(default=False)
    all_well = BooleanField(null=True)  # check-ins: did the customer say all is well
    satisfaction = CharField(max_length=16, default="", constraints=_empty_default())  # follow-up outcome

    class Meta:
        indexes = (
            (("ticket", "started_at"), False),
            (("visit", "started_at"), False),
            (("customer", "started_at"), False),
        )


MODELS = (Customer, Phone, Technician, Ticket, Promise, TicketWait, Visit, Call)

BUSY_TIMEOUT_S = 5.0  # how long a save waits for another desk's transaction


def _pragmas() -> dict:
    return {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": int(BUSY_TIMEOUT_S * 1000),
        "synchronous": "normal",
    }


def open_database(path: Path | str, *, create: bool = True, write: bool = True) -> SqliteDatabase:
    """Open (and on first use create, mode 0600) the database at `path`.

    `write=False` (export, backup) accepts a read-only file; the desk refuses it up front
    rather than failing at the first save.

    Raises StoreError with one clear sentence when the file cannot be used.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file.")
    fresh = not path.exists()
    if fresh:
        if not create:
            raise StoreError(f"No database at {path}.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        except OSError as exc:
            raise StoreError(f"Cannot create the database {path}: {exc.strerror or exc}.") from None
    elif not os.access(path, os.R_OK):
        raise StoreError(f"Cannot read the database {path}: permission denied.")
    elif write and not os.access(path, os.W_OK):
        raise StoreError(f"Cannot write to the database {path}: the file is read-only (make it writable, "
                         "or export or back it up, which only read).")
    else:
        _refuse_newer(path)  # before connecting: the pragmas below would rewrite the file header
    database = SqliteDatabase(str(path), pragmas=_pragmas(), timeout=BUSY_TIMEOUT_S, lock_type="IMMEDIATE")
    try:
        database.connect(reuse_if_open=True)
        version = database.execute_sql("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            database.close()
            raise StoreError(
                f"{path} was written by a newer frontdesk (schema {version}, this one knows {SCHEMA_VERSION}); upgrade frontdesk."
            )
        db.initialize(database)
        if version < SCHEMA_VERSION:
            from frontdesk import migrate  # backup copy next to the file, then one transaction

            try:
                migrate.upgrade(database, path, version)
            except StoreError:
                database.close()
                raise
        ensure_speed_indexes(database)
    except (sqlite3.DatabaseError, Exception) as exc:  # peewee wraps sqlite3 errors
        if isinstance(exc, StoreError):
            raise
        database.close()
        raise StoreError(f"Cannot open the database {path}: {exc}.") from None
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            try:
                os.chmod(side, 0o600)
            except OSError:
                pass
    return database


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


def _refuse_newer(path: Path) -> None:
    """Raise StoreError if the file's header says a newer schema, without writing to it."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StoreError(f"Cannot read the database {path}: {exc.strerror or exc}.") from None
    if len(header) == 100 and header.startswith(b"SQLite format 3\x00"):
        version = int.from_bytes(header[60:64], "big", signed=True)  # PRAGMA user_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a newer frontdesk (schema {version}, this one knows {SCHEMA_VERSION}); upgrade frontdesk."
            )
        if version == 0 and _foreign_tables(path):
            raise StoreError(f"{path} is another program's database, not a frontdesk one; choose another file.")


def _foreign_tables(path: Path) -> set[str]:
    """Tables that are not ours, read without writing to the file."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return set()  # not readable as SQLite: connecting will say so clearly
    ours = {m._meta.table_name for m in MODELS}
    return {n for n in names if not n.startswith(("sqlite_", NAME_SEARCH))} - ours  # + the search index's tables


def close_database() -> None:
    if db.obj is not None and not db.obj.is_closed():
        db.obj.close()


def now_utc() -> datetime:
    import arrow

    return arrow.utcnow().naive
