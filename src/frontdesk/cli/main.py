"""The command line: open the desk, write a demo database, export records.

    frontdesk [--db PATH] [--tz ZONE] [--region CC] [--demo]
    frontdesk demo [--db PATH] [--force]
    frontdesk export {calls,tickets,visits,customers} [--since DATE] [--format csv|jsonl]
    frontdesk config
    frontdesk log --phone NUMBER [--name NAME] [--direction in|out] [--outcome answered|missed] ...
    frontdesk import {customers,calls} FILE [--format csv|jsonl]
    frontdesk backup [PATH]
    frontdesk restore PATH

Every failure is one line on stderr starting with "frontdesk: " and a
non-zero exit status (2 for usage errors, 130 when interrupted); never a
traceback unless FRONTDESK_DEBUG is set.  Imports are lazy so that `--help`
and errors stay fast: Textual is imported only to open the app.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from frontdesk.store import models

PROG = "frontdesk"
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

ENVIRONMENT = """\
environment:
  FRONTDESK_DB      database file (--db beats it)
  FRONTDESK_TZ      business time zone (--tz beats it)
  FRONTDESK_REGION  default phone region (--region beats it)
  FRONTDESK_DEBUG   set to show tracebacks instead of one-line errors
"""


class UsageError(Exception):
    """Bad arguments: exit status 2."""


class CliError(Exception):
    """A refusal or failure the user can act on: exit status 1."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors as one line instead of usage + message."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help').")


def build_parser() -> argparse.ArgumentParser:
    # SUPPRESS: a subcommand's options must not overwrite the same option given before it
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="database file (default: $FRONTDESK_DB, the config file, or the user data dir)")
    common.add_argument("--tz", metavar="ZONE", default=argparse.SUPPRESS, type=_zone,
                        help="business time zone, an IANA name such as America/New_York")
    formatter = argparse.RawDescriptionHelpFormatter
    parser = _Parser(prog=PROG, parents=[common], formatter_class=formatter, epilog=ENVIRONMENT,
                     description="A keyboard-first front desk: recognise callers, keep promises,\n"
                                 "call before they call us.  Without a command, opens the desk.")
    parser.add_argument("--region", metavar="CC", default=argparse.SUPPRESS, type=_region,
                        help="phone region for numbers typed without +, e.g. US")
    parser.add_argument("--demo", action="store_true",
                        help="open a freshly generated demo day (a temporary file unless --db is given)")
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    demo = commands.add_parser("demo", parents=[common], formatter_class=formatter, epilog=ENVIRONMENT,
                               help="write a demo database and exit",
                               description="Write a realistic demo day, built around the current time, to the\n"
                                           "database file; then print its path and what it holds.")
    demo.add_argument("--force", action="store_true", help="replace the file if it already holds data")
    demo.add_argument("--seed", type=int, default=7, help="another seed gives another demo day (default: 7)")

    export = commands.add_parser("export", parents=[common], formatter_class=formatter, epilog=ENVIRONMENT,
                                 help="write records to stdout as CSV or JSON Lines",
                                 description="Write one row per record to stdout.  Times are local, ISO 8601\n"
                                             "with the UTC offset; see frontdesk.export.COLUMNS for the columns.")
    export.add_argument("kind", choices=("calls", "tickets", "visits", "customers"),
                        help="what to export")
    export.add_argument("--since", metavar="DATE",
                        help="only records from DATE on: 'yesterday', '2026-05-01', '2026-05-01 09:00' or ISO 8601 "
                             "(calls by start, tickets by opening, visits by window start, customers by creation)")
    export.add_argument("--format", choices=("csv", "jsonl"), default="csv", help="output format (default: csv)")

    commands.add_parser("config", parents=[common], formatter_class=formatter, epilog=ENVIRONMENT,
                        help="print the effective settings and the config file's path",
                        description="Print the settings in effect (defaults < config file < FRONTDESK_*\n"
                                    "variables < flags) as TOML, headed by the config file's path.  Copy\n"
                                    "any line into that file to change it, e.g. [thresholds] gap_days = 2.")
    _reliability_parsers(commands, common, formatter)
    return parser


def _reliability_parsers(commands, common, formatter) -> None:
    """log, import, backup, restore: writing and copying from outside the app."""
    log = commands.add_parser("log", parents=[common], formatter_class=formatter, epilog=ENVIRONMENT,
                              help="log one call (for phone systems and scripts); prints it as JSON",
                              description="Log one call through the same checks and save as the call form, then\n"
                                          "print the stored row as one JSON line (the columns of `export calls`).\n"
                                          "An unknown number needs --name for an answered inbound call.")
    log.add_argument("--phone", metavar="NUMBER", required=True, help="the caller's number, any common format")
    log.add_argument("--name", metavar="NAME", help="the new customer's name, for a number not known yet")
    log.add_argument("--customer", metavar="ID", type=_positive_int,
                     help="the customer, when the number is shared by several")
    log.add_argument("--direction", metavar="in|out", default="in", help="in (default) or out")
    log.add_argument("--outcome", metavar="answered|missed", default="answered",
                     help="answered (default) or missed (a missed inbound call owes a callback)")
    log.add_argument("--reason", metavar="REASON", default="other",
                     help="new problem, status inquiry, scheduling, billing, sales, check-in or other (default)")
    log.add_argument("--ticket", metavar="ID", type=_positive_int, help="link the call to this customer's ticket")
    log.add_argument("--note", metavar="TEXT", default="", help="what was said (stored exactly as given)")
    log.add_argument("--region", metavar="CC", default=argparse.SUPPRESS, type=_region,
                     help="phone region for numbers given without +, e.g. US")

    imp = commands.add_parser("import", parents=[common], formatter_class=formatter, epilog=ENVIRONMENT,
                              help="import customers or calls written by export",
                              description="Read the CSV or JSON Lines that `export` writes.  Every row is checked\n"
                                          "first; each bad row is reported by line number and then nothing is\n"
                                          "imported.  Ids are kept; an id already in the database is a bad row.")
    imp.add_argument("kind", choices=("customers", "calls"), help="what the file holds")
    imp.add_argument("file", metavar="FILE", help="the file (.jsonl means JSON Lines, anything else CSV)")
    imp.add_argument("--format", choices=("csv", "jsonl"), help="the file's format, if its name does not say")
    imp.add_argument("--region", metavar="CC", default=argparse.SUPPRESS, type=_region,
                     help="phone region for numbers given without +, e.g. US")

    backup = commands.add_parser("backup", parents=[common], formatter_class=formatter, epilog=ENVIRONMENT,
                                 help="copy the database (safe while desks are writing)",
                                 description="Write a consistent copy of the database (SQLite's online backup) to\n"
                                             "PATH, or next to it as frontdesk.db.backup-YYYYMMDDTHHMMSS.")
    backup.add_argument("path", metavar="PATH", nargs="?", help="where to write the copy (must not exist)")

    restore = commands.add_parser("restore", parents=[common], formatter_class=formatter, epilog=ENVIRONMENT,
                                  help="replace the database with a backup copy",
                                  description="Replace the database with the copy at PATH.  Refused while the\n"
                                              "database is open at a desk or elsewhere, and for a file that is not a\n"
                                              "frontdesk database.  The replaced database is kept next to it.")
    restore.add_argument("path", metavar="PATH", help="the backup copy to restore")


def _positive_int(text: str) -> int:
    if not text.strip().isascii() or not text.strip().isdigit() or int(text) < 1 or int(text) > 2**62:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (a whole number from 1)")
    return int(text)


def _zone(text: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(
            f"unknown time zone {text!r}: use an IANA name such as America/New_York") from None
    return text


def _region(text: str) -> str:
    import phonenumbers

    if text.upper() not in phonenumbers.SUPPORTED_REGIONS:
        raise argparse.ArgumentTypeError(f"unknown phone region {text!r}: use a two-letter country code such as US")
    return text.upper()


def _version() -> str:
    from frontdesk import __version__

    return __version__


@contextmanager
def _environ(**values: str | None):
    """Flags win over FRONTDESK_* variables: pass them to load_settings the same way."""
    saved = {name: os.environ.get(name) for name in values}
    try:
        for name, value in values.items():
            if value is not None:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def load_settings(args: argparse.Namespace):
    """Defaults < config file < FRONTDESK_* variables < flags, validated (ConfigError)."""
    from frontdesk.files import config

    db = getattr(args, "db", None)
    if db is not None and not db.strip():
        raise UsageError("--db needs a file path.")
    for option, value in (("--db", db), ("FILE", getattr(args, "file", None)), ("PATH", getattr(args, "path", None))):
        if value is not None and "\x00" in value:
            raise UsageError(f"{option} contains a NUL character; no file has such a name.")
    with _environ(FRONTDESK_DB=db, FRONTDESK_TZ=getattr(args, "tz", None),
                  FRONTDESK_REGION=getattr(args, "region", None)):
        return config.load_settings()


def _has_data(path) -> bool:
    """A regular file with something in it (directories and devices are refused later, clearly)."""
    return path.is_file() and path.stat().st_size > 0


def run_app(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from pathlib import Path

    from frontdesk import store

    settings = load_settings(args)
    demo_path = None
    if args.demo:
        import tempfile

        import arrow

        from frontdesk.demo.day import write_demo

        if getattr(args, "db", None) is not None:
            demo_path = settings.db_path
            if _has_data(demo_path):
                raise CliError(f"{demo_path} already exists; --demo needs a new or empty file "
                               "(or leave out --db to use a temporary one).")
        else:
            demo_path = Path(tempfile.mkdtemp(prefix="frontdesk-demo-")) / "demo.db"
        write_demo(demo_path, arrow.utcnow(), settings.timezone, overwrite=True)
        settings = replace(settings, db_path=demo_path)
    store.open_database(settings.db_path)  # fail here, in one line, not inside the UI
    store.close_database()
    from frontdesk.store import queries

    queries.prefetch_dashboard(settings.db_path, settings.timezone)  # SQLite reads while Textual imports
    try:
        from frontdesk.ui.app import FrontDeskApp

        app = FrontDeskApp(settings)
        app.run()
    finally:
        queries.take_prefetched(settings.db_path, settings.timezone, wait_s=5.0)  # never left reading
    if demo_path is not None:
        print(f"The demo database is {demo_path}", file=sys.stderr)
    return getattr(app, "return_code", None) or EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    import arrow

    from frontdesk.demo.day import write_demo

    settings = load_settings(args)
    path = settings.db_path
    if _has_data(path) and not args.force:
        raise CliError(f"{path} already exists and holds data; add --force to replace it with a demo day.")
    counts = write_demo(path, arrow.utcnow(), settings.timezone, seed=args.seed, overwrite=args.force)
    print(f"Wrote a demo day to {path}")
    for name, count in counts.items():
        print(f"  {name.replace('_', ' ')}: {count}")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    import arrow

    from frontdesk.files import export
    from frontdesk import store

    settings = load_settings(args)
    since = None
    if args.since is not None:
        try:
            since = export.parse_since(args.since, arrow.utcnow(), settings.timezone)
        except ValueError as exc:
            raise UsageError(f"--since: {exc}") from None
    store.open_database(settings.db_path, create=False, write=False)
    try:
        _utf8(sys.stdout)
        export.export(args.kind, sys.stdout, since=since, fmt=args.format, tz=settings.timezone)
        sys.stdout.flush()  # a closed pipe shows up here, inside the error handling
    finally:
        store.close_database()
    return EXIT_OK


def run_log(args: argparse.Namespace) -> int:
    import json

    import arrow

    from frontdesk.files import export
    from frontdesk.cli import log_call as logcall
    from frontdesk import store
    from frontdesk.domain.validation import FieldError

    settings = load_settings(args)
    now = arrow.utcnow()
    try:  # what can be checked before touching the database
        logcall.check(args.phone, region=settings.region, name=args.name, direction=args.direction,
                      outcome=args.outcome, reason=args.reason, note=args.note)
    except FieldError as error:
        raise UsageError(f"{error.field}: {_lower_first(error.message)}") from None
    store.open_database(settings.db_path, create=False)
    try:
        try:
            call_id = logcall.log(args.phone, now, region=settings.region, name=args.name,
                                  direction=args.direction, outcome=args.outcome, reason=args.reason,
                                  ticket_id=args.ticket, note=args.note, customer_id=args.customer)
        except FieldError as error:
            raise CliError(f"{error.field}: {_lower_first(error.message)}") from None
        row = export.call_record(call_id, settings.timezone)
    finally:
        store.close_database()
    _utf8(sys.stdout)
    print(json.dumps(row, ensure_ascii=False), flush=True)  # after the commit: the row is stored
    return EXIT_OK


def _lower_first(message: str) -> str:
    return message if message[1:2].isupper() else message[:1].lower() + message[1:]  # keep "US ...", "E.164"


def run_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    import arrow

    from frontdesk.files import importer
    from frontdesk import store

    settings = load_settings(args)
    source = Path(args.file).expanduser()
    if source.is_dir():
        raise CliError(f"{source} is a directory, not a file to import.")
    if not source.is_file():
        raise CliError(f"No file at {source}.")
    store.open_database(settings.db_path, create=False)
    try:
        count = importer.import_file(source, args.kind, fmt=args.format, tz=settings.timezone,
                                     region=settings.region, now=arrow.utcnow())
    except importer.ImportRefused as refused:
        for problem in refused.problems:
            fail(f"{source} {problem}")
        raise CliError(f"nothing imported: {refused.bad_rows} bad row{'s' * (refused.bad_rows != 1)} "
                       f"in {source}.") from None
    finally:
        store.close_database()
    print(f"Imported {count} {args.kind if count != 1 else args.kind[:-1]} from {source}.")
    return EXIT_OK


def run_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from frontdesk.store import backup
    from frontdesk import store

    settings = load_settings(args)
    source = Path(settings.db_path).expanduser()
    if source.is_dir():
        raise CliError(f"{source} is a directory, not a database file.")
    if not source.is_file():
        raise CliError(f"No database at {source}.")
    store.open_database(source, create=False, write=False)  # refuses foreign, newer and damaged files clearly
    try:
        if args.path:
            dest = Path(args.path).expanduser()
            if dest.is_dir():
                dest = dest / backup.default_backup_path(source).name
        else:
            dest = backup.default_backup_path(source)
        try:
            backup.copy_connection(models.db.obj.connection(), dest)
        except backup.BackupError as exc:
            raise CliError(str(exc)) from None
    finally:
        store.close_database()
    calls = backup.describe(dest)["calls"]
    print(f"Backed up {source} to {dest} ({calls} call{'s' * (calls != 1)}).")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from frontdesk.store import backup

    settings = load_settings(args)
    target = Path(settings.db_path).expanduser()
    try:
        done = backup.restore(Path(args.path).expanduser(), target)
    except backup.BackupError as exc:
        raise CliError(str(exc)) from None
    kept = f"; the replaced database is kept as {done['previous']}" if done["previous"] else ""
    print(f"Restored {target} from {args.path} ({done['calls']} calls){kept}.")
    return EXIT_OK


def _utf8(stream) -> None:
    """Exports are UTF-8 whatever the locale says."""
    if (getattr(stream, "encoding", "") or "").lower().replace("-", "") == "utf8":
        return
    try:
        stream.reconfigure(encoding="utf-8")
    except (AttributeError, ValueError, OSError):
        pass


def _message(exc: BaseException) -> str | None:
    """The one-line message for an error we expect, or None for a bug."""
    known = [UsageError, CliError]
    for module, name in (("frontdesk.files.config", "ConfigError"), ("frontdesk.store.errors", "StoreError"),
                         ("frontdesk.domain.clock", "WhenError")):
        cls = getattr(sys.modules.get(module), name, None)  # never imported -> cannot be raised
        if cls is not None:
            known.append(cls)
    if isinstance(exc, tuple(known)):
        return str(exc)
    database_errors = [getattr(sys.modules.get("sqlite3"), "Error", None),
                       getattr(sys.modules.get("peewee"), "PeeweeException", None)]
    if isinstance(exc, tuple(cls for cls in database_errors if cls is not None)):
        while "no transaction is active" in str(exc) and exc.__context__ is not None:
            exc = exc.__context__  # SQLite rolled back by itself (e.g. disk full): say why
        return f"database error: {exc}."
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror or exc}{where}."
    return None


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (e.g. captured in tests)


def fail(message: str) -> None:
    from frontdesk.domain.textsafe import visible  # a typed escape code must never reach the terminal raw

    print(f"{PROG}: {visible(' '.join(message.split()))}", file=sys.stderr)


def run_config(args: argparse.Namespace) -> int:
    from frontdesk.files import config

    print(config.describe(load_settings(args)))
    return EXIT_OK


COMMANDS = {None: run_app, "demo": run_demo, "export": run_export, "config": run_config}
COMMANDS.update({"log": run_log, "import": run_import, "backup": run_backup, "restore": run_restore})


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (never raises, never prints a traceback)."""
    debug = bool(os.environ.get("FRONTDESK_DEBUG"))
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_ERROR)
    except UsageError as exc:
        fail(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        fail("interrupted.")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `frontdesk export calls | head`: the reader had enough; like other
        # Unix tools, stop quietly.
        _quiet_stdout()
        return EXIT_OK
    except Exception as exc:
        message = _message(exc)
        if debug:
            raise
        fail(message or f"unexpected error: {type(exc).__name__}: {exc} (set FRONTDESK_DEBUG=1 for details).")
        return EXIT_ERROR
