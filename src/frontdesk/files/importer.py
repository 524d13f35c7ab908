"""Importing customers and calls from the CSV / JSON Lines that `export` writes.

Every row is checked first (the same checks as the forms); any bad row is
reported by its line number and nothing at all is imported.  A good file is
written in one transaction, ids kept, so export -> import into an empty
database -> export gives the same rows.  Derived columns (`customer_name`,
`ticket_title`, ...) are ignored.  No Textual here.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import arrow

from frontdesk.domain import clock, phones, validation
from frontdesk.files.export import COLUMNS, DERIVED
from frontdesk.domain.vocabulary import (
    CHANNELS,
    DIRECTIONS,
    FOLLOW_UP_REASON,
    OUTCOMES,
    REASONS,
    UPDATE_REASON,
)
from frontdesk.store.models import Call, Customer, Phone, Ticket, Visit, db
from frontdesk.domain.validation import FieldError

KINDS = ("customers", "calls")
CALL_REASONS = (*REASONS, UPDATE_REASON, FOLLOW_UP_REASON)
MAX_REPORTED = 50  # bad rows listed one by one; the rest are counted
BATCH = 500


class ImportRefused(ValueError):
    """The file is not imported; `problems` are one line each ("line 4: ...")."""

    def __init__(self, problems: list[str], bad_rows: int) -> None:
        super().__init__(f"{bad_rows} bad row{'s' * (bad_rows != 1)}")
        self.problems = problems
        self.bad_rows = bad_rows


@dataclass
class Row:
    line: int
    values: dict


class _Bad(Exception):
    pass


# ------------------------------------------------------------------ reading
def detect_format(path: Path, fmt: str | None) -> str:
    if fmt:
        return fmt
    return "jsonl" if Path(path).suffix.lower() in (".jsonl", ".json", ".ndjson") else "csv"


def read_rows(text: str, kind: str, fmt: str) -> Iterator[Row]:
    """Rows with the line they start on; raises ImportRefused for a wrong header."""
    if fmt == "csv":
        yield from _csv_rows(text, kind)
    else:
        yield from _jsonl_rows(text, kind)


def _check_columns(names: list[str], kind: str, line: int) -> None:
    expected = COLUMNS[kind]
    unknown = [n for n in names if n not in expected]
    missing = [n for n in expected if n not in names and n not in DERIVED]
    if unknown or missing:
        parts = []
        if missing:
            parts.append("missing " + ", ".join(missing))
        if unknown:
            parts.append("unknown " + ", ".join(repr(n) for n in unknown))
        raise ImportRefused([f"line {line}: not the columns `export {kind}` writes ({'; '.join(parts)})."], 1)


def _csv_rows(text: str, kind: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            return
        _check_columns(header, kind, 1)
        start = reader.line_num + 1
        for record in reader:
            if record:
                if len(record) != len(header):
                    yield Row(start, {"__error__": f"{len(record)} values for {len(header)} columns."})
                else:
                    yield Row(start, dict(zip(header, record)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportRefused([f"line {reader.line_num}: not valid CSV ({exc})."], 1) from None


def _jsonl_rows(text: str, kind: str) -> Iterator[Row]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            values = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Row(number, {"__error__": f"not valid JSON ({exc.msg})."})
            continue
        if not isinstance(values, dict):
            yield Row(number, {"__error__": "not a JSON object."})
            continue
        unknown = [n for n in values if n not in COLUMNS[kind]]
        missing = [n for n in COLUMNS[kind] if n not in values and n not in DERIVED]
        if unknown or missing:
            what = ("missing " + ", ".join(missing)) if missing else ("unknown " + ", ".join(map(repr, unknown)))
            yield Row(number, {"__error__": f"not the fields `export {kind}` writes ({what})."})
            continue
        yield Row(number, values)


# ------------------------------------------------------------------ values
def _text(values: dict, name: str) -> str:
    value = values.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Bad(f"{name}: expected text, got {json.dumps(value)}.")
    return value


def _int(values: dict, name: str, *, required: bool = False) -> int | None:
    value = values.get(name)
    if value is None or value == "":
        if required:
            raise _Bad(f"{name} is required.")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise _Bad(f"{name}: {value!r} is not a whole number.")
    if isinstance(value, str):
        if not value.strip().isascii() or not value.strip().isdigit():
            raise _Bad(f"{name}: {value!r} is not a whole number.")
        value = int(value)
    if value < 0 or value > 2**62:
        raise _Bad(f"{name}: {value} is out of range.")
    return value


def _time(values: dict, name: str, tz: str, *, required: bool = False) -> datetime | None:
    text = _text(values, name)
    if not text.strip():
        if required:
            raise _Bad(f"{name} is required (ISO 8601, e.g. 2026-11-25T15:00:00-05:00).")
        return None
    if "\x00" in text:
        raise _Bad(f"{name} contains a NUL character.")
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise _Bad(f"{name}: {text!r} is not an ISO 8601 time (e.g. 2026-11-25T15:00:00-05:00).") from None
    if moment.tzinfo is None:
        return clock.utc_naive(arrow.get(moment, tzinfo=tz))
    return clock.utc_naive(moment)


def _bool(values: dict, name: str) -> bool:
    value = values.get(name)
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    if value in (None, ""):
        return False
    raise _Bad(f"{name}: {value!r} is not true or false.")


def _choice(values: dict, name: str, allowed: tuple[str, ...]) -> str:
    value = _text(values, name)
    if value not in allowed:
        raise _Bad(f"{name}: {value!r} is not one of {', '.join(allowed)}.")
    return value


def _field(check, *args, **kwargs):
    try:
        return check(*args, **kwargs)
    except FieldError as error:
        raise _Bad(f"{error.field}: {error.message}") from None


# ----------------------------------------------------------------- checking
def _customer(values: dict, tz: str, region: str, now: datetime) -> dict:
    name = _field(validation.name, _text(values, "name"), "name")
    company = _field(validation.optional_text, _text(values, "company"), "company", "The company", validation.NAME_LIMIT)
    notes = _field(validation.optional_text, _text(values, "notes"), "notes", "The notes", validation.NOTE_LIMIT)
    numbers = []
    for part in (p.strip() for p in _text(values, "phones").split(";")):
        if not part:
            continue
        parsed = phones.parse(part, region)
        if not parsed.valid:
            raise _Bad(f"phones: {part!r}: {parsed.error}")
        numbers.append(parsed)
    return {
        "id": _int(values, "id"), "name": name, "name_key": name.strip().casefold(), "company": company,
        "notes": notes, "created_at": _time(values, "created_at", tz) or now, "_phones": numbers,
    }


def _call(values: dict, tz: str, region: str, now: datetime) -> dict:
    e164 = _text(values, "phone_e164")
    if e164:
        parsed = phones.parse(e164, region)
        if not parsed.valid or parsed.e164 != e164:
            raise _Bad(f"phone_e164: {e164!r} is not a number in E.164 form (e.g. +12125550123).")
    duration = _int(values, "duration_s") or 0
    if duration > 24 * 3600:
        raise _Bad("duration_s: more than 24 hours.")
    return {
        "id": _int(values, "id"),
        "started_at": _time(values, "started_at", tz, required=True),
        "direction": _choice(values, "direction", DIRECTIONS),
        "outcome": _choice(values, "outcome", OUTCOMES),
        "channel": _choice(values, "channel", CHANNELS),
        "reason": _choice(values, "reason", CALL_REASONS),
        "customer": _int(values, "customer_id"),
        "phone_raw": _field(validation.optional_text, _text(values, "phone_raw"), "phone_raw", "The raw number", 64),
        "phone_e164": e164,
        "ticket": _int(values, "ticket_id"),
        "visit": _int(values, "visit_id"),
        "duration_s": duration,
        "note": _field(validation.note, _text(values, "note"), "note"),
        "callback_by": _time(values, "callback_by", tz),
        "callback_done_at": _time(values, "callback_done_at", tz),
        "informed": _bool(values, "informed"),
    }


_CHECKS = {"customers": _customer, "calls": _call}
_MODEL = {"customers": Customer, "calls": Call}


def _existing(model, ids: set[int]) -> set[int]:
    found: set[int] = set()
    wanted = sorted(ids)
    for i in range(0, len(wanted), BATCH):
        chunk = wanted[i:i + BATCH]
        found.update(r[0] for r in model.select(model.id).where(model.id.in_(chunk)).tuples())
    return found


def check_rows(rows: list[Row], kind: str, *, tz: str, region: str, now) -> list[dict]:
    """Validated records, or ImportRefused listing every bad row. Reads the database (ids, links)."""
    now_utc = clock.utc_naive(now)
    problems: list[tuple[int, str]] = []
    good: list[tuple[int, dict]] = []
    for row in rows:
        if "__error__" in row.values:
            problems.append((row.line, row.values["__error__"]))
            continue
        try:
            good.append((row.line, _CHECKS[kind](row.values, tz, region, now_utc)))
        except _Bad as bad:
            problems.append((row.line, str(bad)))
    # ids: unique in the file, new to the database; links: to records that exist
    model = _MODEL[kind]
    given = [r["id"] for _, r in good if r["id"] is not None]
    taken = _existing(model, set(given))
    seen: set[int] = set()
    links = {"customer": Customer, "ticket": Ticket, "visit": Visit} if kind == "calls" else {}
    present = {name: _existing(m, {r[name] for _, r in good if r.get(name) is not None}) for name, m in links.items()}
    for line, record in good:
        ident = record["id"]
        if ident is not None and ident in taken:
            problems.append((line, f"id {ident} is already in the database."))
        elif ident is not None and ident in seen:
            problems.append((line, f"id {ident} appears twice in the file."))
        for name in links:
            if record.get(name) is not None and record[name] not in present[name]:
                problems.append((line, f"{name}_id {record[name]}: there is no such {name} in the database."))
        if ident is not None:
            seen.add(ident)
    if problems:
        problems.sort()
        bad_rows = len({line for line, _ in problems})
        listed = [f"line {line}: {message}" for line, message in problems[:MAX_REPORTED]]
        if len(problems) > MAX_REPORTED:
            listed.append(f"... and {len(problems) - MAX_REPORTED} more problems.")
        raise ImportRefused(listed, bad_rows)
    return [record for _, record in good]


# ------------------------------------------------------------------ writing
def write(records: list[dict], kind: str) -> int:
    """All records in one transaction; returns how many."""
    model = _MODEL[kind]
    with db.atomic():
        for record in records:
            numbers = record.pop("_phones", [])
            if record["id"] is None:
                del record["id"]
            ident = model.insert(**record).execute()
            for parsed in numbers:
                exists = Phone.select().where((Phone.customer == ident) & (Phone.e164 == parsed.e164)
                                              & (Phone.extension == parsed.extension)).exists()
                if not exists:
                    Phone.create(customer=ident, e164=parsed.e164, reversed_digits=parsed.reversed_digits,
                                 extension=parsed.extension)
    return len(records)


def import_file(path: Path, kind: str, *, fmt: str | None, tz: str, region: str, now) -> int:
    """Check every row of `path`, then import them all (ImportRefused: none)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind {kind!r}: choose customers or calls.")
    path = Path(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportRefused([f"line {line}: not UTF-8 text."], 1) from None
    rows = list(read_rows(text, kind, detect_format(path, fmt)))
    with db.atomic():  # the checks and the writes see the same database
        records = check_rows(rows, kind, tz=tz, region=region, now=now)
        return write(records, kind)
