"""The speed benchmark: medians at a demo day, 10k calls and 1M calls, side by side.

    python bench/run.py                      # demo, 10k and 1M calls; writes bench/RESULTS.md
    python bench/run.py --sizes 10k --repeats 5 --no-write

Databases are generated (bench/generate.py) into bench/.cache/ when missing
or when they were made on another day (today's load is built around the day
it was generated).  Every measurement runs in a fresh process:

- cold start: from starting `python` to the first frame written to a
  pseudo-terminal after the dashboard's first snapshot was applied, against a
  bare Textual app painting one label, interleaved in the same run;
- the rest in one process per database (bench/_session.py): a full refresh
  the way the desk's worker does it (fresh connection, queries.dashboard with
  the call-now facts, the queue's rules when present), caller lookup, name
  search, saving a call, and — driven by the Pilot in the same process —
  keypress to the next frame for moving the cursor, opening the call form and
  `r` (refresh on screen); peak RSS of that process.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import platform
import pty
import shutil
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
RESULTS = HERE / "RESULTS.md"
SIZE, COLUMNS, LINES = (120, 40), 120, 40

# (key, label, target, unit) — targets are for 1M calls
MEASURES = [
    ("cold", "cold start (ratio to bare Textual)", 1.5, "×"),
    ("refresh", "dashboard refresh: all panes + call-now facts", 50, "ms"),
    ("key refresh", "`r` → refreshed frame (worker + repaint)", 50, "ms"),
    ("lookup", "caller lookup, full number", 2, "ms"),
    ("lookup partial", "caller lookup, last 4 digits", 2, "ms"),
    ("search", "name search by fragment (slowest of 6)", 30, "ms"),
    ("key cursor", "keypress → frame: cursor down in a pane", 50, "ms"),
    ("key call form", "keypress → frame: `c` opens the call form", 50, "ms"),
    ("save", "saving one call", 20, "ms"),
    ("rss_mb", "peak RSS (session process)", 200, "MB"),
    ("cold_rss", "peak RSS at first paint", 200, "MB"),
    ("form kept objects", "Python objects kept per call-form open+close, after 40 (leak)", None, "objects"),
]


def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def label(calls: int) -> str:
    return f"{calls // 1_000_000}M" if calls % 1_000_000 == 0 else f"{calls // 1000}k"


def today(tz: str) -> str:
    return datetime.now(ZoneInfo(tz)).date().isoformat()


def env(tmp: Path, tz: str) -> dict:
    """A clean environment: no user config or data dir, no FRONTDESK_* from the shell."""
    out = {k: v for k, v in os.environ.items() if not k.startswith(("FRONTDESK_", "TEXTUAL"))}
    out.update(XDG_CONFIG_HOME=str(tmp / "config"), XDG_DATA_HOME=str(tmp / "data"), FRONTDESK_TZ=tz,
               TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
    out.pop("PYTHONPROFILEIMPORTTIME", None)
    return out


# ---------------------------------------------------------------- databases
def ensure_database(name: str, make, tz: str) -> Path:
    path, meta = CACHE / f"{name}.db", CACHE / f"{name}.json"
    want = {"day": today(tz), "tz": tz}
    try:
        fresh = path.exists() and json.loads(meta.read_text()) == want
    except (OSError, ValueError):
        fresh = False
    if not fresh:
        CACHE.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        print(f"generating {name} ...", flush=True)
        make(path)
        meta.write_text(json.dumps(want))
    return path


def make_sized(calls: int, tz: str):
    def make(path: Path) -> None:
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(path), "--calls", str(calls),
                        "--customers", str(max(10, calls // 10)), "--tickets", str(max(10, calls // 5)),
                        "--visits", str(max(10, calls // 10)), "--tz", tz], check=True)
    return make


def make_demo(tz: str):
    def make(path: Path) -> None:
        subprocess.run([sys.executable, "-m", "frontdesk", "demo", "--db", str(path), "--tz", tz, "--force"],
                       check=True, stdout=subprocess.DEVNULL)
    return make


# --------------------------------------------------------------- cold start
def cold_start(args: list[str], environment: dict) -> tuple[float, float]:
    """Seconds from starting the process to its first complete frame, and its peak RSS (MB)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = out.name
    drained = threading.Event()

    def drain() -> None:  # a terminal reads what the app writes
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass
        drained.set()

    threading.Thread(target=drain, daemon=True).start()
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(HERE / "_coldstart.py"), args[0], out_path, *args[1:]],
                               stdin=slave, stdout=slave, stderr=slave, env=environment, close_fds=True,
                               start_new_session=True)
    os.close(slave)
    try:
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    try:
        result = json.loads(Path(out_path).read_text())
    except (OSError, ValueError):
        raise SystemExit(f"run.py: the cold start {args[0]} did not paint (exit {process.returncode}).") from None
    finally:
        os.unlink(out_path)
    return result["painted"] - start, result["rss_mb"]


# ------------------------------------------------------------------ session
def session(db: Path, tz: str, repeats: int, environment: dict) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = out.name
    try:
        subprocess.run([sys.executable, str(HERE / "_session.py"), str(db), tz, str(repeats), out_path],
                       env=environment | {"FRONTDESK_DB": str(db)}, check=True)
        return json.loads(Path(out_path).read_text())
    finally:
        os.unlink(out_path)


# ------------------------------------------------------------------- report
def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        textual = version("textual")
        peewee = version("peewee")
    except Exception:
        textual = peewee = "?"
    return (f"{cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}; "
            f"Textual {textual}; Peewee {peewee}")


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "objects":
        return f"{value:,.0f}"
    return f"{value:.1f} ms" if value >= 10 else f"{value:.2f} ms"


def summarise(columns: dict[str, dict]) -> dict[str, dict[str, float]]:
    """Medians per column; 'search' is the slowest fragment's median."""
    table: dict[str, dict[str, float]] = {}
    for name, data in columns.items():
        row = {}
        for key, _, _, _ in MEASURES:
            if key == "search":
                medians = [statistics.median(v) for k, v in data.items()
                           if k.startswith("search ") and not k.endswith(" hits")]
                row[key] = max(medians) if medians else None
            elif key == "cold":
                row[key] = data.get("cold")
            elif isinstance(data.get(key), list):
                row[key] = statistics.median(data[key])
            else:
                row[key] = data.get(key)
        table[name] = row
    return table


def render(columns: dict[str, dict], table: dict[str, dict[str, float]], big: str) -> str:
    names = list(columns)
    head = "| measure | target | " + " | ".join(names) + f" | met at {big} |"
    lines = [head, "|" + " --- |" * (len(names) + 3)]
    for key, text, target, unit in MEASURES:
        cells = []
        for name in names:
            value = table[name].get(key)
            cell = fmt(value, unit)
            if key == "cold" and value is not None:
                cell += f" ({columns[name]['cold_s']:.2f} s)"
            cells.append(cell)
        limit = 1.3 if key == "cold" and big == "demo" else target
        value = table.get(big, {}).get(key)
        met = "—" if value is None or limit is None else ("yes" if value <= limit else "**no**")
        shown_target = "" if target is None else f"≤ {target:g}{'×' if unit == '×' else ' ' + unit}"
        if key == "cold":
            shown_target += " (demo ≤ 1.3×)"
        lines.append(f"| {text} | {shown_target} | " + " | ".join(cells) + f" | {met} |")
    for what in ("today", "history"):
        cells = []
        for name in names:
            data = columns[name].get(what, {})
            cells.append(", ".join(f"{v:,} {k}" for k, v in data.items()))
        lines.append(f"| rows: {what} | | " + " | ".join(cells) + " | |")
    return "\n".join(lines)


def write_results(text: str, details: str) -> None:
    RESULTS.write_text(
        "# Benchmark results\n\n"
        "Made by `python bench/run.py` (see the docstring there for what each row measures).\n"
        "Medians; cold start is the desk's median over the bare Textual app's median (seconds in\n"
        "brackets); targets are for 1M calls.\n\n"
        f"Machine: {machine()}\n\n{text}\n\n{details}\n"
        + _notes()
    )


def _notes() -> str:
    """Anything after a '<!-- notes -->' marker in the old RESULTS.md is kept (the profiling log)."""
    try:
        old = RESULTS.read_text(encoding="utf-8")
    except OSError:
        return ""
    marker = "<!-- notes -->"
    return "\n" + old[old.index(marker):] if marker in old else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="frontdesk speed benchmark")
    parser.add_argument("--sizes", default="10k,1M", help="calls in history, comma-separated (default 10k,1M)")
    parser.add_argument("--repeats", type=int, default=15, help="repeats of each in-process measure (default 15)")
    parser.add_argument("--starts", type=int, default=7, help="cold starts of each app (default 7)")
    parser.add_argument("--tz", default="America/New_York")
    parser.add_argument("--no-demo", action="store_true", help="skip the demo database column")
    parser.add_argument("--no-write", action="store_true", help="print the table but leave bench/RESULTS.md")
    args = parser.parse_args(argv)

    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    databases: dict[str, Path] = {}
    if not args.no_demo:
        databases["demo"] = ensure_database("demo", make_demo(args.tz), args.tz)
    for calls in sizes:
        databases[f"{label(calls)} calls"] = ensure_database(f"calls-{label(calls)}", make_sized(calls, args.tz),
                                                             args.tz)
    tmp = Path(tempfile.mkdtemp(prefix="frontdesk-bench-"))
    environment = env(tmp, args.tz)
    try:
        print("cold starts ...", flush=True)
        starts: dict[str, list[float]] = {"bare": []}
        rss: dict[str, list[float]] = {}
        cold_start(["bare"], environment)  # untimed: warms the OS cache; an old file gets its
        for db in databases.values():        # new indexes now, not inside a timed start
            cold_start(["desk", str(db), args.tz], environment)
        for _ in range(args.starts):  # interleaved, so both see the same machine
            starts["bare"].append(cold_start(["bare"], environment)[0])
            for name, db in databases.items():
                seconds, mb = cold_start(["desk", str(db), args.tz], environment)
                starts.setdefault(name, []).append(seconds)
                rss.setdefault(name, []).append(mb)
        bare = statistics.median(starts["bare"])
        columns: dict[str, dict] = {}
        for name, db in databases.items():
            print(f"measuring {name} ...", flush=True)
            data = session(db, args.tz, args.repeats, environment)
            data["cold_s"] = statistics.median(starts[name])
            data["cold"] = data["cold_s"] / bare
            data["cold_rss"] = max(rss[name])
            columns[name] = data
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    table = summarise(columns)
    big = list(columns)[-1]
    text = render(columns, table, big)
    details = [f"Bare Textual app: {bare:.3f} s to its first frame (median of {args.starts}).", ""]
    for name, data in columns.items():
        hits = ", ".join(f"{k[7:-5]} {data[k]}" for k in data if k.startswith("search ") and k.endswith(" hits"))
        per = ", ".join(f"{k[7:]} {statistics.median(v):.2f} ms" for k, v in data.items()
                        if k.startswith("search ") and isinstance(v, list))
        details.append(f"- {name}: name search per fragment: {per} (results: {hits}); "
                       f"queue rules measured: {'yes' if data.get('queue rules') else 'no'}.")
    print()
    print(f"Machine: {machine()}")
    print(text)
    print("\n".join(details))
    if not args.no_write:
        write_results(text, "\n".join(details))
        print(f"\nwritten to {RESULTS.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
