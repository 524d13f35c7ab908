"""Two desks, one file: two processes each log N calls as fast as they can,
concurrently, while `frontdesk log` command-line writers add more.

    python bench/soak_two_desks.py                 # 2 x 2000 calls + 2 x 25 `frontdesk log`
    python bench/soak_two_desks.py --calls 500 --cli 5

Every process writes through frontdesk.cli.log_call (the `frontdesk log` code
path: the call form's checks and writes.log_call).  Every 20th call is from a
new number that BOTH desks log with a name at about the same time — the
customer must be created once.  Checks: every acknowledged call is stored,
exactly the expected rows, no duplicate, no error (e.g. "database is
locked") seen by any writer, integrity_check ok.  Exits 1 on any failure.
tests/test_reliability_two_desks.py runs the same code at 2 x 200.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from frontdesk.store import database

KNOWN = "(650) 253-0000"

DESK = r"""
import sys
import arrow
from frontdesk import store
from frontdesk.cli import log_call as logcall

path, desk, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store.open_database(path, create=False)
print("ready", flush=True)
sys.stdin.readline()
for i in range(count):
    new = i % 20 == 0
    phone = f"+1 212 555 {1000 + i // 20:04d}" if new else "(650) 253-0000"
    try:
        call_id = logcall.log(phone, arrow.utcnow(), region="US", name=f"Shared caller {i // 20}" if new else None,
                              reason="status inquiry", note=f"desk {desk} call {i}")
    except Exception as exc:
        print(f"desk {desk} call {i}: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        continue
    print(call_id, flush=True)  # acknowledged: committed before this line is written
"""


@dataclass
class Result:
    desks: int
    per_desk: int
    cli_calls: int
    seconds: float
    acknowledged: set[int] = field(default_factory=set)
    stored: int = 0
    duplicates: int = 0
    missing: int = 0
    errors: list[str] = field(default_factory=list)
    integrity: str = ""
    shared_customers_ok: bool = False

    @property
    def expected(self) -> int:
        return self.desks * self.per_desk + self.cli_calls

    @property
    def ok(self) -> bool:
        return (not self.errors and self.stored == self.expected == len(self.acknowledged)
                and self.duplicates == 0 and self.missing == 0 and self.integrity == "ok"
                and self.shared_customers_ok)

    def lines(self) -> list[str]:
        rate = self.stored / self.seconds if self.seconds else 0
        return [
            f"desks: {self.desks} x {self.per_desk} calls, plus {self.cli_calls} `frontdesk log` calls",
            f"rows written: {self.stored} of {self.expected} expected ({rate:,.0f} calls/s over {self.seconds:.1f} s)",
            f"acknowledged: {len(self.acknowledged)}, missing: {self.missing}, duplicates: {self.duplicates}",
            f"errors seen by writers (e.g. 'database is locked'): {len(self.errors)}",
            f"integrity_check: {self.integrity}; each shared new caller created once: {self.shared_customers_ok}",
        ]


def prepare(path: Path) -> None:
    import arrow
    from frontdesk.domain import phones
    from frontdesk import store
    from frontdesk.store import writes

    store.open_database(path)
    try:
        writes.create_customer("Ann Lee", phones.parse(KNOWN), arrow.utcnow().naive)
    finally:
        store.close_database()


def _env() -> dict[str, str]:
    return {**os.environ, "FRONTDESK_TZ": os.environ.get("FRONTDESK_TZ", "America/New_York")}


def _cli_writer(path: Path, tag: str, count: int, acknowledged: set[int], errors: list[str]) -> None:
    import json

    for i in range(count):
        done = subprocess.run([sys.executable, "-m", "frontdesk", "log", "--db", str(path), "--phone", KNOWN,
                               "--note", f"cli {tag} call {i}"], capture_output=True, text=True, env=_env(),
                              timeout=120)
        if done.returncode != 0 or done.stderr:
            errors.append(f"cli {tag} call {i}: exit {done.returncode}: {done.stderr.strip()}")
            continue
        acknowledged.add(json.loads(done.stdout)["id"])


def run(path: Path, per_desk: int = 2000, cli_per_writer: int = 25, desks: int = 2, cli_writers: int = 2) -> Result:
    """Prepare `path`, run the desks and command-line writers together, check the file."""
    prepare(path)
    procs = [subprocess.Popen([sys.executable, "-c", DESK, str(path), str(d), str(per_desk)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
             for d in range(desks)]
    result = Result(desks, per_desk, cli_writers * cli_per_writer, 0.0)
    cli_ids: set[int] = set()
    try:
        for proc in procs:
            if proc.stdout.readline() != "ready\n":
                raise RuntimeError(f"a desk did not start: {proc.stderr.read()}")
        started = time.perf_counter()
        threads = [threading.Thread(target=_cli_writer, args=(path, str(w), cli_per_writer, cli_ids, result.errors))
                   for w in range(cli_writers)]
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        for thread in threads:
            thread.start()
        outputs = [proc.communicate(timeout=600) for proc in procs]
        for thread in threads:
            thread.join()
        result.seconds = time.perf_counter() - started
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    for (out, err), proc in zip(outputs, procs):
        result.acknowledged.update(int(line) for line in out.split())
        result.errors.extend(line for line in err.splitlines() if line.strip())
        if proc.returncode != 0:
            result.errors.append(f"a desk exited with {proc.returncode}")
    result.acknowledged |= cli_ids
    connection = sqlite3.connect(path)
    try:
        ids = [r[0] for r in connection.execute("SELECT id FROM call")]
        notes = [r[0] for r in connection.execute("SELECT note FROM call")]
        result.stored = len(ids)
        result.duplicates = len(notes) - len(set(notes))
        result.missing = len(result.acknowledged - set(ids))
        result.integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        shared = connection.execute(
            "SELECT COUNT(*), COUNT(DISTINCT name) FROM customer WHERE name LIKE 'Shared caller %'").fetchone()
        per_number = connection.execute(
            "SELECT MAX(n) FROM (SELECT COUNT(DISTINCT customer_id) AS n FROM phone GROUP BY e164)").fetchone()[0]
        result.shared_customers_ok = shared[0] == shared[1] == (per_desk + 19) // 20 and per_number == 1
    finally:
        connection.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=2000, help="calls per desk (default 2000)")
    parser.add_argument("--cli", type=int, default=25, help="`frontdesk log` calls per command-line writer (default 25)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="frontdesk-soak-") as tmp:
        result = run(Path(tmp) / "desks.db", args.calls, args.cli)
    for line in result.lines():
        print(line)
    for error in result.errors[:10]:
        print("  error:", error)
    print("PASS" if result.ok else "FAIL")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
