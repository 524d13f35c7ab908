"""The command line: open the desk, write a demo database, export records.

    frontdesk [--db PATH] [--tz ZONE] [--region CC] [--demo]
    frontdesk demo [--db PATH] [--force]
    frontdesk export {calls,tickets,visits,customers} [--since DATE] [--format csv|jsonl]

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
    return parser


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
    from frontdesk import config

    db = getattr(args, "db", None)
    if db is not None and not db.strip():
        raise UsageError("--db needs a file path.")
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

        from frontdesk.demo import write_demo

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
    from frontdesk.app import FrontDeskApp

    app = FrontDeskApp(settings)
    app.run()
    if demo_path is not None:
        print(f"The demo database is {demo_path}", file=sys.stderr)
    return getattr(app, "return_code", None) or EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    import arrow

    from frontdesk.demo import write_demo

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

    from frontdesk import export, store

    settings = load_settings(args)
    since = None
    if args.since is not None:
        try:
            since = export.parse_since(args.since, arrow.utcnow(), settings.timezone)
        except ValueError as exc:
            raise UsageError(f"--since: {exc}") from None
    store.open_database(settings.db_path, create=False)
    try:
        _utf8(sys.stdout)
        export.export(args.kind, sys.stdout, since=since, fmt=args.format, tz=settings.timezone)
        sys.stdout.flush()  # a closed pipe shows up here, inside the error handling
    finally:
        store.close_database()
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
    for module, name in (("frontdesk.config", "ConfigError"), ("frontdesk.store", "StoreError"),
                         ("frontdesk.clock", "WhenError")):
        cls = getattr(sys.modules.get(module), name, None)  # never imported -> cannot be raised
        if cls is not None:
            known.append(cls)
    if isinstance(exc, tuple(known)):
        return str(exc)
    database_errors = [getattr(sys.modules.get("sqlite3"), "Error", None),
                       getattr(sys.modules.get("peewee"), "PeeweeException", None)]
    if isinstance(exc, tuple(cls for cls in database_errors if cls is not None)):
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
    print(f"{PROG}: {' '.join(message.split())}", file=sys.stderr)


COMMANDS = {None: run_app, "demo": run_demo, "export": run_export}


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
