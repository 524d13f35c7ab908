"""The command line, run in-process: help, demo, export, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import tempfile
import types
from datetime import datetime, timezone
from pathlib import Path

import pytest

from frontdesk.cli import main as cli
from frontdesk.demo import day as demo
from frontdesk import store
from frontdesk.store import models

TZ = "America/New_York"
FROZEN = datetime(2026, 11, 25, 20, 0, tzinfo=timezone.utc)  # 15:00 in New York


@pytest.fixture(autouse=True)
def _zone_and_clock(monkeypatch, time_machine, tmp_path):
    """A fixed business zone (not the machine's), a frozen clock, private dirs."""
    # conftest isolates the user's dirs too; these tests write config files, so make sure here as well
    monkeypatch.setattr("platformdirs.user_config_dir", lambda *a, **k: str(tmp_path / "config" / "frontdesk"))
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "data" / "frontdesk"))
    for name in ("FRONTDESK_DB", "FRONTDESK_REGION", "FRONTDESK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FRONTDESK_TZ", TZ)
    time_machine.move_to(FROZEN, tick=False)
    yield
    store.close_database()


class Runs(list):
    """The settings of each (fake) app run; `app_class` to change its behaviour."""

    app_class: type


@pytest.fixture
def fake_app(monkeypatch):
    """Stands in for frontdesk.app: records the settings each run was given."""
    runs = Runs()

    class FrontDeskApp:
        return_code = None
        behaviour = None  # an exception to raise from run()

        def __init__(self, settings):
            self.settings = settings

        def run(self):
            runs.append(self.settings)
            if FrontDeskApp.behaviour is not None:
                raise FrontDeskApp.behaviour

    module = types.ModuleType("frontdesk.ui.app")
    module.FrontDeskApp = FrontDeskApp
    monkeypatch.setitem(sys.modules, "frontdesk.ui.app", module)
    runs.app_class = FrontDeskApp
    return runs


@pytest.fixture
def demo_db(tmp_path):
    path = tmp_path / "demo.db"
    demo.write_demo(path, datetime.now(timezone.utc), TZ)
    return path


def one_error_line(capsys) -> str:
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("frontdesk: ")
    assert "Traceback" not in err and out == ""
    return lines[0]


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["demo", "--help"], ["export", "--help"]])
def test_help_exits_zero(capsys, argv):
    assert cli.main(argv) == 0
    out, err = capsys.readouterr()
    assert out.startswith("usage: frontdesk") and err == ""


def test_version(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == "frontdesk 0.1.0"


def test_demo_writes_a_private_file_and_prints_what_it_holds(tmp_path, capsys):
    path = tmp_path / "new" / "demo.db"
    assert cli.main(["demo", "--db", str(path)]) == 0
    out, err = capsys.readouterr()
    assert str(path) in out and "customers: 40" in out and err == ""
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    store.open_database(path, create=False)
    assert models.Customer.select().count() == 40


def test_demo_refuses_a_file_with_data_unless_forced(demo_db, capsys):
    before = demo_db.stat().st_size
    assert cli.main(["demo", "--db", str(demo_db)]) == 1
    assert "--force" in one_error_line(capsys)
    assert demo_db.stat().st_size == before
    assert cli.main(["demo", "--db", str(demo_db), "--force", "--seed", "3"]) == 0


def test_demo_goes_to_frontdesk_db_and_the_flag_beats_it(tmp_path, monkeypatch, capsys):
    env_path, flag_path = tmp_path / "env.db", tmp_path / "flag.db"
    monkeypatch.setenv("FRONTDESK_DB", str(env_path))
    assert cli.main(["demo"]) == 0
    assert env_path.exists() and not flag_path.exists()
    env_path.unlink()
    assert cli.main(["demo", "--db", str(flag_path)]) == 0
    assert flag_path.exists() and not env_path.exists()
    assert os.environ["FRONTDESK_DB"] == str(env_path)  # the flag did not leak into the environment


def test_export_prints_csv_rows(demo_db, capsys):
    assert cli.main(["export", "calls", "--db", str(demo_db)]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    store.open_database(demo_db, create=False)
    assert len(rows) == models.Call.select().count() > 100 and err == ""
    assert rows[-1]["started_at"].endswith("-05:00")


def test_export_jsonl_since_and_zone(demo_db, capsys):
    argv = ["export", "visits", "--db", str(demo_db), "--format", "jsonl", "--since", "today", "--tz", "Asia/Tokyo"]
    assert cli.main(argv) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all(r["window_start"].endswith("+09:00") for r in rows)
    assert all(r["window_start"] >= "2026-11-26T00:00:00+09:00" for r in rows)  # since Tokyo's today
    assert os.environ["FRONTDESK_TZ"] == TZ
    assert cli.main(["export", "visits", "--db", str(demo_db), "--since", "2099-01-01"]) == 0
    assert capsys.readouterr().out.strip() == ",".join(cli_columns("visits"))


def cli_columns(kind: str) -> tuple[str, ...]:
    from frontdesk.files.export import COLUMNS

    return COLUMNS[kind]


def test_export_does_not_create_a_missing_database(tmp_path, capsys):
    missing = tmp_path / "missing.db"
    assert cli.main(["export", "tickets", "--db", str(missing)]) == 1
    assert "No database" in one_error_line(capsys)
    assert not missing.exists()


def corrupt_file(tmp_path: Path) -> str:
    path = tmp_path / "corrupt.db"
    path.write_bytes(bytes(range(256)) * 40)
    return str(path)


def broken_config(tmp_path: Path) -> None:
    """Bad TOML in the (isolated, see conftest) config file."""
    from frontdesk.files import config

    assert tmp_path in config.config_file().parents  # never the user's own file
    config.config_file().parent.mkdir(parents=True, exist_ok=True)
    config.config_file().write_text("timezone = [unclosed\n")


@pytest.mark.parametrize(("argv", "status", "words"), [
    (["--tz", "Mars/Base"], 2, "unknown time zone"),
    (["export", "calls", "--tz", "Not/AZone"], 2, "unknown time zone"),
    (["--region", "ZZ"], 2, "unknown phone region"),
    (["frobnicate"], 2, "invalid choice"),
    (["export"], 2, "required"),
    (["export", "invoices"], 2, "invalid choice"),
    (["export", "calls", "--format", "xml"], 2, "invalid choice"),
    (["export", "calls", "--since", "sometime"], 2, "--since"),
    (["--no-such-flag"], 2, "unrecognized arguments"),
    (["demo", "--db", ""], 2, "--db needs a file path"),
    (["export", "calls", "--db", "{dir}"], 1, "is a directory"),
    (["--db", "{dir}"], 1, "is a directory"),
    (["demo", "--db", "{dir}", "--force"], 1, "is a directory"),
    (["export", "calls", "--db", "{corrupt}"], 1, "not a database"),
    (["--db", "{corrupt}"], 1, "not a database"),
    (["--demo", "--db", "{corrupt}"], 1, "already exists"),
    (["export", "calls"], 1, "config file"),
])
def test_errors_are_one_clear_line(tmp_path, capsys, fake_app, argv, status, words):
    argv = [a.format(dir=tmp_path, corrupt=corrupt_file(tmp_path)) for a in argv]
    if words == "config file":
        broken_config(tmp_path)
    assert cli.main(argv) == status
    assert words in one_error_line(capsys)
    assert fake_app == []  # the app never started


def test_the_app_gets_validated_settings_and_a_working_database(tmp_path, fake_app, capsys):
    path = tmp_path / "desk.db"
    assert cli.main(["--db", str(path), "--tz", "Europe/Berlin", "--region", "de"]) == 0
    [settings] = fake_app
    assert (settings.db_path, settings.timezone, settings.region) == (path, "Europe/Berlin", "DE")
    assert path.exists() and models.db.obj.is_closed()  # opened once to check it, then closed
    assert capsys.readouterr() == ("", "")


def test_demo_flag_opens_a_fresh_temporary_demo(tmp_path, monkeypatch, fake_app, capsys):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    real = tmp_path / "real.db"
    monkeypatch.setenv("FRONTDESK_DB", str(real))
    assert cli.main(["--demo"]) == 0
    [settings] = fake_app
    assert settings.db_path.parent.parent == tmp_path and settings.db_path != real
    assert not real.exists()  # the user's database is never touched
    store.open_database(settings.db_path, create=False)
    assert models.Visit.select().count() >= 8
    assert str(settings.db_path) in capsys.readouterr().err


def test_demo_flag_accepts_an_empty_file(tmp_path, fake_app):
    empty = tmp_path / "empty.db"
    empty.touch()
    assert cli.main(["--demo", "--db", str(empty)]) == 0
    assert fake_app[0].db_path == empty and empty.stat().st_size > 0


def test_interrupt_is_one_line(tmp_path, fake_app, capsys):
    fake_app.app_class.behaviour = KeyboardInterrupt()
    assert cli.main(["--db", str(tmp_path / "x.db")]) == 130
    assert one_error_line(capsys) == "frontdesk: interrupted."


def test_unexpected_errors_are_one_line_unless_debugging(tmp_path, fake_app, capsys, monkeypatch):
    fake_app.app_class.behaviour = RuntimeError("boom\nsecond line")
    assert cli.main(["--db", str(tmp_path / "x.db")]) == 1
    assert "RuntimeError: boom second line" in one_error_line(capsys)
    monkeypatch.setenv("FRONTDESK_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main(["--db", str(tmp_path / "x.db")])


class _ClosedPipe(io.StringIO):
    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")


def test_broken_pipe_stops_quietly(demo_db, monkeypatch, capsys):
    """`frontdesk export calls | head`: no traceback, no noise, like other Unix tools."""
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert cli.main(["export", "calls", "--db", str(demo_db)]) == 0
    assert capsys.readouterr().err == ""


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "FRONTDESK_TZ": TZ, **extra}


def test_python_m_frontdesk_help():
    done = subprocess.run([sys.executable, "-m", "frontdesk", "--help"], capture_output=True, text=True,
                          env=_env(), timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("usage: frontdesk") and done.stderr == ""


def test_importing_the_cli_stays_light():
    code = "import sys, frontdesk.cli; print(sorted(m for m in ('textual', 'peewee', 'phonenumbers', 'arrow') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def test_export_into_a_closed_pipe_in_a_real_process(demo_db):
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head` that has already gone away
    try:
        done = subprocess.run([sys.executable, "-m", "frontdesk", "export", "calls", "--db", str(demo_db)],
                              stdout=write_end, stderr=subprocess.PIPE, text=True, env=_env(), timeout=60)
    finally:
        os.close(write_end)
    assert done.returncode == 0
    assert done.stderr == "", done.stderr  # no traceback, no "Exception ignored" on exit


def test_a_locked_database_is_one_line(tmp_path, monkeypatch, capsys):
    """Another program holds an exclusive lock on a (rollback-journal) file."""
    import sqlite3

    from frontdesk import store

    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path)
    holder.execute("CREATE TABLE call (id INTEGER PRIMARY KEY)")
    holder.commit()
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.05)
    try:
        code = cli.main(["export", "calls", "--db", str(path)])
    finally:
        holder.rollback()
        holder.close()
    err = capsys.readouterr().err
    assert code != 0
    assert err.count("\n") == 1 and err.startswith("frontdesk: ") and "locked" in err, err
    assert "Traceback" not in err
