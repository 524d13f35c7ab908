"""Writing and copying from outside the app: `frontdesk log`, `import`,
`backup` and `restore` — same checks as the forms, one clear line on failure."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from frontdesk.cli import main as cli
from frontdesk.demo import day as demo
from frontdesk.files import export
from frontdesk.domain import phones
from frontdesk import store
from frontdesk.store import writes
from frontdesk.store.models import Call, Customer, Phone
from frontdesk.store import models

TZ = "America/New_York"
FROZEN = datetime(2026, 11, 25, 20, 0, tzinfo=timezone.utc)  # 15:00 in New York


@pytest.fixture(autouse=True)
def _zone_and_clock(monkeypatch, time_machine):
    monkeypatch.setenv("FRONTDESK_TZ", TZ)
    monkeypatch.delenv("FRONTDESK_DEBUG", raising=False)
    time_machine.move_to(FROZEN, tick=False)
    yield
    store.close_database()


@pytest.fixture
def desk_db(tmp_path):
    """A small database: Ann (two numbers), a shared office line, an open ticket."""
    path = tmp_path / "desk.db"
    store.open_database(path)
    ann = writes.create_customer("Ann Lee", phones.parse("(650) 253-0000"), FROZEN)
    bob = writes.create_customer("Bob Roe", phones.parse("(415) 367-2100"), FROZEN)
    cy = writes.create_customer("Cy Doe", phones.parse("(415) 367-2100"), FROZEN)
    ticket = writes.create_ticket(ann, "Printer jam", FROZEN)
    other = writes.create_ticket(bob, "Wi-Fi", FROZEN)
    store.close_database()
    return {"path": path, "ann": ann, "bob": bob, "cy": cy, "ticket": ticket, "other": other}


def one_error_line(capsys) -> str:
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("frontdesk: ") and "Traceback" not in err
    assert out == ""
    return lines[0]


def rows_of(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


# ---------------------------------------------------------------------- log
def test_log_prints_the_stored_row_as_one_json_line(desk_db, capsys):
    argv = ["log", "--db", str(desk_db["path"]), "--phone", "650.253.0000", "--reason", "status inquiry",
            "--ticket", str(desk_db["ticket"]), "--note", "Asked [bold]when[/bold]; 'quoted' \"too\""]
    assert cli.main(argv) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.count("\n") == 1
    row = json.loads(out)
    assert list(row) == list(export.COLUMNS["calls"])
    assert row["customer_id"] == desk_db["ann"] and row["customer_name"] == "Ann Lee"
    assert row["ticket_id"] == desk_db["ticket"] and row["reason"] == "status inquiry"
    assert row["phone_e164"] == "+16502530000" and row["phone_raw"] == "650.253.0000"
    assert row["started_at"] == "2026-11-25T15:00:00-05:00"
    assert rows_of(desk_db["path"], f"SELECT note FROM call WHERE id = {row['id']}") == [
        ("Asked [bold]when[/bold]; 'quoted' \"too\"",)]


def test_log_creates_a_new_caller_with_a_name_in_the_same_save(desk_db, capsys):
    argv = ["log", "--db", str(desk_db["path"]), "--phone", "+44 20 7946 0000", "--name", "Zoë Ünal"]
    assert cli.main(argv) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["customer_name"] == "Zoë Ünal" and row["phone_e164"] == "+442079460000"
    assert rows_of(desk_db["path"], "SELECT COUNT(*) FROM phone WHERE e164 = '+442079460000'") == [(1,)]
    assert cli.main(argv) == 0  # the second time the number is known: no second customer
    assert json.loads(capsys.readouterr().out)["customer_id"] == row["customer_id"]
    assert rows_of(desk_db["path"], "SELECT COUNT(*) FROM customer WHERE name = 'Zoë Ünal'") == [(1,)]


def test_a_missed_call_from_an_unknown_number_owes_a_callback(desk_db, capsys):
    argv = ["log", "--db", str(desk_db["path"]), "--phone", "212 555 0199", "--outcome", "missed"]
    assert cli.main(argv) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["customer_id"] is None and row["callback_by"] == row["started_at"]


@pytest.mark.parametrize(("extra", "status", "words"), [
    (["--phone", "555"], 2, "--phone: not a phone number"),
    (["--phone", "+"], 2, "--phone:"),
    (["--phone", "call me maybe"], 2, "--phone:"),
    (["--phone", "1" * 40], 2, "--phone:"),
    (["--phone", "212 555 0199"], 1, "--name: a new caller we spoke to needs a name"),
    (["--phone", "(415) 367-2100"], 1, "several customers (#2 Bob Roe, #3 Cy Doe)"),
    (["--phone", "(650) 253-0000", "--direction", "sideways"], 2, "--direction: choose one of: in, out"),
    (["--phone", "(650) 253-0000", "--outcome", "maybe"], 2, "--outcome: choose one of"),
    (["--phone", "(650) 253-0000", "--reason", "gossip"], 2, "--reason: choose one of"),
    (["--phone", "(650) 253-0000", "--ticket", "999"], 1, "--ticket: there is no ticket #999"),
    (["--phone", "(650) 253-0000", "--ticket", "2"], 1, "--ticket: ticket #2 belongs to another customer"),
    (["--phone", "(650) 253-0000", "--ticket", "two"], 2, "is not an id"),
    (["--phone", "(650) 253-0000", "--ticket", "-1"], 2, "--ticket"),
    (["--phone", "(650) 253-0000", "--customer", "77"], 1, "--customer: there is no customer #77"),
    (["--phone", "(650) 253-0000", "--note", "x" * 4001], 2, "--note: the note is 4,001 characters"),
    (["--phone", "(650) 253-0000", "--note", "a\x00b"], 2, "--note: contains a NUL character"),
    (["--phone", "212 555 0199", "--name", "   "], 2, "--name: a name is required"),
    (["--phone", "(650) 253-0000", "--region", "ZZ"], 2, "unknown phone region"),
    ([], 2, "required: --phone"),
])
def test_log_refuses_bad_input_in_one_line_and_stores_nothing(desk_db, capsys, extra, status, words):
    before = rows_of(desk_db["path"], "SELECT COUNT(*) FROM call")
    assert cli.main(["log", "--db", str(desk_db["path"]), *extra]) == status
    assert words in one_error_line(capsys)
    assert rows_of(desk_db["path"], "SELECT COUNT(*) FROM call") == before


def test_log_needs_an_existing_database(tmp_path, capsys):
    assert cli.main(["log", "--db", str(tmp_path / "none.db"), "--phone", "6502530000"]) == 1
    assert "No database at" in one_error_line(capsys)
    assert not (tmp_path / "none.db").exists()


def test_log_a_shared_line_with_customer(desk_db, capsys):
    argv = ["log", "--db", str(desk_db["path"]), "--phone", "(415) 367-2100", "--customer", str(desk_db["cy"])]
    assert cli.main(argv) == 0
    assert json.loads(capsys.readouterr().out)["customer_name"] == "Cy Doe"


# ------------------------------------------------------------------- import
def export_text(kind: str, fmt: str) -> str:
    out = io.StringIO()
    export.export(kind, out, fmt=fmt, tz=TZ)
    return out.getvalue()


HOSTILE_TEXTS = ["O'Brien, \"Bob\"", "[bold]x[/bold] [/ [link=https://e.x]y[/link]", "a\x1b[2Jb\x1b]52;c;SGVsbG8=\x07",
                 "Zoë 🔧🚀 e\u0301", "שלום עולם \u202eevil", "line 1\r\nline 2\nline 3", "'; DROP TABLE call; --",
                 "  spaces  ", "tab\there"]


@pytest.fixture
def source(tmp_path):
    """Customers and calls with every awkward kind of text, no ticket links."""
    path = tmp_path / "source.db"
    store.open_database(path)
    numbers = ["(650) 253-0000", "+44 20 7946 0000", "+1 617 234 5678 x214", "(212) 736-5000", "+33 1 42 68 53 00",
               "(415) 367-2100", "+49 30 901820", "(303) 555-0147", "+61 2 9374 4000"]
    ids = []
    for i, text in enumerate(HOSTILE_TEXTS):
        cid = writes.create_customer(text.strip() or "x", phones.parse(numbers[i]), FROZEN, company=text, notes=text)
        ids.append(cid)
        writes.log_call(writes.CallDraft(started_at=datetime(2026, 11, 20 + i % 5, 14, i, 7, 123456),
                                         phone_raw=numbers[i], phone=phones.parse(numbers[i]), customer_id=cid,
                                         reason="status inquiry", duration_s=i * 10, note=text), FROZEN)
    writes.add_phone(ids[0], phones.parse("(212) 555-0100"))
    writes.log_call(writes.CallDraft(started_at=datetime(2026, 11, 25, 19, 0), phone_raw="212 555 0199",
                                     phone=phones.parse("212 555 0199"), outcome="missed"), FROZEN)
    writes.mark_informed(FROZEN, note="Told them", ticket_id=writes.create_ticket(ids[1], "t", FROZEN))
    models.db.execute_sql("DELETE FROM call WHERE ticket_id IS NOT NULL")  # tickets are not imported
    texts = {(k, f): export_text(k, f) for k in ("customers", "calls") for f in ("csv", "jsonl")}
    store.close_database()
    return texts


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_import_export_gives_the_same_rows(source, tmp_path, fmt, capsys):
    target = tmp_path / "empty.db"
    store.open_database(target)
    store.close_database()
    for kind in ("customers", "calls"):
        (tmp_path / f"{kind}.{fmt}").write_text(source[(kind, fmt)], encoding="utf-8", newline="")
        assert cli.main(["import", kind, str(tmp_path / f"{kind}.{fmt}"), "--db", str(target)]) == 0
    out = capsys.readouterr().out
    assert "Imported 10 customers" not in out and "Imported 9 customers" in out and "Imported 10 calls" in out
    store.open_database(target, create=False)
    try:
        for kind in ("customers", "calls"):
            assert export_text(kind, fmt) == source[(kind, fmt)]
    finally:
        store.close_database()


def test_import_reports_every_bad_row_by_line_and_imports_nothing(source, tmp_path, capsys):
    target = tmp_path / "t.db"
    store.open_database(target)
    store.close_database()
    lines = source[("customers", "csv")].split("\n")
    header, rows = lines[0], [line for line in lines[1:] if line]
    bad_phone = rows[3].replace("+12127365000", "+1 555")
    no_name = "99,,Acme,,,2026-11-25T15:00:00-05:00"
    bad_time = "98,Zed,,,,yesterday-ish"
    text = "\n".join([header, rows[3], bad_phone, no_name, bad_time, "97,Ok,,+16502530000,,", rows[3], ""])
    (tmp_path / "c.csv").write_text(text)
    assert cli.main(["import", "customers", str(tmp_path / "c.csv"), "--db", str(target)]) == 1
    out, err = capsys.readouterr()
    errors = err.strip().splitlines()
    assert out == "" and "Traceback" not in err
    assert all(line.startswith("frontdesk: ") for line in errors)
    assert any("line 7: id 4 appears twice in the file." in e for e in errors)
    assert any("line 3: phones: '+1 555'" in e for e in errors)
    assert any("line 4: name: A name is required." in e for e in errors)
    assert any("line 5: created_at: 'yesterday-ish' is not an ISO 8601 time" in e for e in errors)
    assert errors[-1] == f"frontdesk: nothing imported: 4 bad rows in {tmp_path / 'c.csv'}."
    assert rows_of(target, "SELECT COUNT(*) FROM customer") == [(0,)]


def test_import_refuses_calls_linked_to_missing_records_and_duplicates(desk_db, tmp_path, capsys):
    good = {c: "" for c in export.COLUMNS["calls"]}
    good.update(started_at="2026-11-25T10:00:00-05:00", direction="in", outcome="answered", channel="phone",
                reason="other", informed="false", duration_s="0")
    rows = [dict(good, id="50", customer_id=str(desk_db["ann"])), dict(good, id="51", customer_id="404"),
            dict(good, ticket_id="777"), dict(good, direction="up"), dict(good, informed="yes"),
            dict(good, duration_s="1:30"), dict(good, phone_e164="+1 650 253 0000"), dict(good, note="x\x00y")]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=export.COLUMNS["calls"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "calls.csv").write_text(buffer.getvalue())
    assert cli.main(["import", "calls", str(tmp_path / "calls.csv"), "--db", str(desk_db["path"])]) == 1
    err = capsys.readouterr().err
    for words in ("line 3: customer_id 404: there is no such customer", "line 4: ticket_id 777", "line 5: direction: 'up'",
                  "line 6: informed: 'yes'", "line 7: duration_s: '1:30'", "line 8: phone_e164", "line 9: note: Contains a NUL"):
        assert words in err, err
    assert "line 2" not in err and "7 bad rows" in err
    assert rows_of(desk_db["path"], "SELECT COUNT(*) FROM call") == [(0,)]
    (tmp_path / "one.csv").write_text(buffer.getvalue().split("\n", 2)[0] + "\n" + buffer.getvalue().split("\n")[1] + "\n")
    assert cli.main(["import", "calls", str(tmp_path / "one.csv"), "--db", str(desk_db["path"])]) == 0
    capsys.readouterr()
    assert cli.main(["import", "calls", str(tmp_path / "one.csv"), "--db", str(desk_db["path"])]) == 1  # twice: no duplicate
    assert "id 50 is already in the database" in capsys.readouterr().err
    assert rows_of(desk_db["path"], "SELECT COUNT(*) FROM call") == [(1,)]


@pytest.mark.parametrize(("content", "args", "words"), [
    ("name,phones\nAnn,\n", [], "line 1: not the columns `export customers` writes (missing id, company, notes, created_at)"),
    ('{"id": 1}\n', ["--format", "jsonl"], "line 1: not the fields"),
    ("[1, 2]\n", ["--format", "jsonl"], "line 1: not a JSON object"),
    ("{oops\n", ["--format", "jsonl"], "line 1: not valid JSON"),
    (b"id,name\n\xff\xfe\n", [], "line 2: not UTF-8 text"),
    ('id,name,company,phones,notes,created_at\n1,"unclosed\n', [], "not valid CSV"),
    ("id,name,company,phones,notes,created_at\n1,Ann\n", [], "line 2: 2 values for 6 columns"),
])
def test_import_refuses_malformed_files_clearly(desk_db, tmp_path, capsys, content, args, words):
    path = tmp_path / "in.txt"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert cli.main(["import", "customers", str(path), "--db", str(desk_db["path"]), *args]) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and err.strip().splitlines()[-1].startswith("frontdesk: nothing imported")


def test_import_missing_file_or_directory(desk_db, tmp_path, capsys):
    assert cli.main(["import", "calls", str(tmp_path / "nope.csv"), "--db", str(desk_db["path"])]) == 1
    assert "No file at" in one_error_line(capsys)
    assert cli.main(["import", "calls", str(tmp_path), "--db", str(desk_db["path"])]) == 1
    assert "is a directory" in one_error_line(capsys)


# ----------------------------------------------------------- backup, restore
def test_backup_makes_a_private_consistent_copy(desk_db, tmp_path, capsys):
    dest = tmp_path / "copy.db"
    assert cli.main(["backup", str(dest), "--db", str(desk_db["path"])]) == 0
    assert f"to {dest} (0 calls)" in capsys.readouterr().out
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert rows_of(dest, "PRAGMA integrity_check") == [("ok",)]
    assert rows_of(dest, "SELECT name FROM customer ORDER BY id") == [("Ann Lee",), ("Bob Roe",), ("Cy Doe",)]
    assert cli.main(["backup", str(dest), "--db", str(desk_db["path"])]) == 1  # never overwrites
    assert "already exists" in one_error_line(capsys)
    assert cli.main(["backup", "--db", str(desk_db["path"])]) == 0  # next to the database
    assert len(list(tmp_path.glob("desk.db.backup-*"))) == 1


@pytest.mark.parametrize("make", ["missing", "directory", "foreign", "corrupt"])
def test_backup_refuses_what_is_not_a_database(tmp_path, capsys, make):
    path = tmp_path / "x.db"
    if make == "directory":
        path.mkdir()
    elif make == "foreign":
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE recipes (id)")
        connection.close()
    elif make == "corrupt":
        path.write_bytes(bytes(range(256)) * 8)
    assert cli.main(["backup", str(tmp_path / "copy.db"), "--db", str(path)]) == 1
    one_error_line(capsys)
    assert not (tmp_path / "copy.db").exists()


WRITER = """
import sys
from frontdesk import store
from frontdesk.cli import log_call as logcall
import arrow
store.open_database(sys.argv[1], create=False)
print("ready", flush=True)
sys.stdin.readline()
for i in range(int(sys.argv[2])):
    logcall.log("(650) 253-0000", arrow.utcnow(), region="US", note=f"w-{i}")
print("done", flush=True)
"""


def test_backup_while_a_desk_writes_is_consistent(desk_db, tmp_path, capsys):
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(desk_db["path"]), "300"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline() == "ready\n"
        writer.stdin.write("go\n")
        writer.stdin.flush()
        copies = []
        for n in range(3):
            copies.append(tmp_path / f"during-{n}.db")
            assert cli.main(["backup", str(copies[-1]), "--db", str(desk_db["path"])]) == 0
        assert writer.stdout.readline() == "done\n"
    finally:
        writer.stdin.close()
        writer.wait(timeout=60)
    assert writer.returncode == 0
    for copy in copies:
        assert rows_of(copy, "PRAGMA integrity_check") == [("ok",)]
        notes = [r[0] for r in rows_of(copy, "SELECT note FROM call ORDER BY id")]
        assert notes == [f"w-{i}" for i in range(len(notes))]  # a prefix: one consistent moment
    capsys.readouterr()


def test_restore_replaces_the_database_and_keeps_the_old_one(desk_db, tmp_path, capsys):
    copy = tmp_path / "copy.db"
    assert cli.main(["backup", str(copy), "--db", str(desk_db["path"])]) == 0
    assert cli.main(["log", "--db", str(desk_db["path"]), "--phone", "6502530000", "--note", "after"]) == 0
    capsys.readouterr()
    assert cli.main(["restore", str(copy), "--db", str(desk_db["path"])]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "kept as" in out
    assert rows_of(desk_db["path"], "SELECT COUNT(*) FROM call") == [(0,)]
    assert rows_of(desk_db["path"], "PRAGMA integrity_check") == [("ok",)]
    [previous] = tmp_path.glob("desk.db.before-restore-*")
    assert rows_of(previous, "SELECT note FROM call") == [("after",)]
    assert stat.S_IMODE(desk_db["path"].stat().st_mode) == 0o600
    store.open_database(desk_db["path"], create=False)  # a desk opens it as usual
    assert Customer.select().count() == 3


HOLDER = """
import sys
from frontdesk import store
from frontdesk.store import models
store.open_database(sys.argv[1], create=False)
models.Customer.select().count()
print("open", flush=True)
sys.stdin.readline()
"""


def test_restore_refuses_a_database_open_at_a_desk(desk_db, tmp_path, capsys):
    copy = tmp_path / "copy.db"
    assert cli.main(["backup", str(copy), "--db", str(desk_db["path"])]) == 0
    capsys.readouterr()
    before = desk_db["path"].read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(desk_db["path"])], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "open\n"
        assert cli.main(["restore", str(copy), "--db", str(desk_db["path"])]) == 1
        assert "is open at a desk or in another program" in one_error_line(capsys)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert desk_db["path"].read_bytes() == before
    assert not list(tmp_path.glob("*.before-restore-*"))
    assert cli.main(["restore", str(copy), "--db", str(desk_db["path"])]) == 0  # closed everywhere: fine


@pytest.mark.parametrize("make", ["text", "foreign", "newer", "missing", "directory", "itself"])
def test_restore_refuses_what_is_not_a_frontdesk_database(desk_db, tmp_path, capsys, make):
    source = tmp_path / "src.db"
    if make == "text":
        source.write_text("not a database\n" * 20)
    elif make == "foreign":
        connection = sqlite3.connect(source)
        connection.execute("CREATE TABLE recipes (id)")
        connection.execute("PRAGMA user_version = 1")
        connection.close()
    elif make == "newer":
        assert cli.main(["backup", str(source), "--db", str(desk_db["path"])]) == 0
        connection = sqlite3.connect(source)
        connection.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
        connection.close()
    elif make == "directory":
        source.mkdir()
    elif make == "itself":
        source = desk_db["path"]
    capsys.readouterr()
    before = desk_db["path"].read_bytes()
    assert cli.main(["restore", str(source), "--db", str(desk_db["path"])]) == 1
    one_error_line(capsys)
    assert desk_db["path"].read_bytes() == before


def test_restore_an_old_schema_copy_is_upgraded_on_next_open(desk_db, tmp_path, capsys):
    from test_migrate import make_v1

    old = tmp_path / "old.db"
    make_v1(old)
    assert cli.main(["restore", str(old), "--db", str(desk_db["path"])]) == 0
    capsys.readouterr()
    store.open_database(desk_db["path"], create=False)
    assert models.db.execute_sql("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    assert Call.select().count() == 3 and Phone.select().count() == 3
