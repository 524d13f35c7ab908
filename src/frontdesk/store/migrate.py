"""Upgrading an older database file in place, after a backup copy next to it.

The schema change is derived from the models: every table that is missing
is created, every model field whose column is missing is added (new columns
must be nullable or carry an SQL DEFAULT, see `models._empty_default`), and
every missing index is created.  Data steps that a version needs (e.g. 1 → 2
writes the promise history) follow, then `PRAGMA user_version`.  It all runs
in ONE transaction: a failure leaves the file exactly as it was.  No Textual.
"""

from __future__ import annotations

from pathlib import Path

from peewee import SQL, Model, SqliteDatabase
from playhouse.migrate import SqliteMigrator

from frontdesk import store
from frontdesk.store import models


def _to_2(database: SqliteDatabase) -> None:
    """Schema 2 keeps every promise ever given: the current one becomes the first entry."""
    database.execute_sql(
        'INSERT INTO "promise" ("ticket_id", "promised_by", "made_at", "note") '
        'SELECT "id", "promised_by", "opened_at", \'\' FROM "ticket" '
        'WHERE "promised_by" IS NOT NULL '
        'AND NOT EXISTS (SELECT 1 FROM "promise" p WHERE p."ticket_id" = "ticket"."id")'
    )
    database.execute_sql(
        'UPDATE "ticket" SET "promised_at" = "opened_at" WHERE "promised_by" IS NOT NULL AND "promised_at" IS NULL'
    )


# version -> the data step that brings a file *to* that version
DATA_STEPS = {2: _to_2}


def columns(database: SqliteDatabase, table: str) -> set[str]:
    return {row[1] for row in database.execute_sql(f'PRAGMA table_info("{table}")').fetchall()}


def missing_columns(database: SqliteDatabase, models=models.MODELS) -> list[tuple[type[Model], object]]:
    """(model, field) for each model field with no column in an existing table."""
    tables = set(database.get_tables())
    missing = []
    for model in models:
        table = model._meta.table_name
        if table not in tables:
            continue
        have = columns(database, table)
        missing.extend((model, f) for f in model._meta.sorted_fields if f.column_name not in have)
    return missing


def addable(field) -> bool:
    """An existing table can gain this column: nullable, or NOT NULL with an SQL DEFAULT."""
    if field.primary_key or field.unique:
        return False
    if field.null:
        return True
    return any(isinstance(c, SQL) and c.sql.strip().upper().startswith("DEFAULT") for c in field.constraints or ())


def has_our_tables(database: SqliteDatabase) -> bool:
    return bool(set(database.get_tables()) & {m._meta.table_name for m in models.MODELS})


def backup_before_upgrade(database: SqliteDatabase, path: Path, version: int) -> Path:
    """`frontdesk.db.v1-backup-20261125T200000` next to the file, mode 0600."""
    from frontdesk.store import backup

    dest = backup.default_backup_path(path, f"v{version}-backup")
    return backup.copy_connection(database.connection(), dest)


def upgrade(database: SqliteDatabase, path: Path, version: int) -> Path | None:
    """Bring the connected `database` from `version` to store.SCHEMA_VERSION.

    An empty file just gets the schema.  A file holding data is first
    copied next to itself; the copy's path is returned.  Raises
    store.StoreError with one clear sentence (the file is then unchanged).
    """
    path = Path(path)
    copy = None
    if has_our_tables(database):
        try:
            copy = backup_before_upgrade(database, path, version)
        except Exception as exc:  # BackupError, OSError: say it, change nothing
            raise store.StoreError(
                f"Cannot upgrade {path} from schema {version}: the backup copy failed ({_reason(exc)})."
            ) from None
    try:
        with database.atomic():  # BEGIN IMMEDIATE: one desk upgrades, the others wait and see it done
            current = database.execute_sql("PRAGMA user_version").fetchone()[0]
            if current >= store.SCHEMA_VERSION:
                return copy  # another desk upgraded it meanwhile
            migrate_schema(database)
            for step in range(current + 1, store.SCHEMA_VERSION + 1):
                if step in DATA_STEPS:
                    DATA_STEPS[step](database)
            database.execute_sql(f"PRAGMA user_version = {store.SCHEMA_VERSION}")
    except store.StoreError:
        raise
    except Exception as exc:
        where = f"; the backup copy is {copy}" if copy else ""
        raise store.StoreError(
            f"Cannot upgrade {path} from schema {version} to {store.SCHEMA_VERSION}: {_reason(exc)}{where}."
        ) from None
    return copy


def migrate_schema(database: SqliteDatabase, models=models.MODELS) -> list[str]:
    """Add missing columns, then create missing tables and indexes; returns what was added."""
    migrator = SqliteMigrator(database)
    added = []
    for model, field in missing_columns(database, models):
        table = model._meta.table_name
        if not addable(field):
            raise RuntimeError(f"the new column {table}.{field.column_name} needs to be nullable or have an SQL DEFAULT")
        migrator.alter_add_column(table, field.column_name, field, allow_not_null=not field.null).run()
        added.append(f"{table}.{field.column_name}")
    database.create_tables(models, safe=True)  # missing tables, and every missing index
    return added


def _reason(exc: BaseException) -> str:
    text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    text = " ".join(text.split()) or type(exc).__name__
    return text.rstrip(".")

