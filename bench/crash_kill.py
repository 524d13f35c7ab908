"""Crash safety: start a writer, SIGKILL it at a random moment, reopen, check; N times.

    python bench/crash_kill.py              # 100 kills
    python bench/crash_kill.py --kills 20 --seed 3

The writer logs calls through frontdesk.cli.log_call (the `frontdesk log` code
path) as fast as it can — every 5th from a new caller, so the customer, the
number and the call are one transaction — and prints each call's id only
after its commit returned.  The parent records the ids it received, kills
the writer with SIGKILL after a random delay, then reopens the file:
`PRAGMA integrity_check` must be ok, every acknowledged call must be there,
and every new caller must have exactly its number and its call (no half
transaction).  Exits 1 on any failure.  tests/test_reliability_crash.py
runs the same code with a few kills.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from frontdesk.store import database

WRITER = r"""
import os, sys
import arrow
from frontdesk import store
from frontdesk.cli import log_call as logcall

path, start = sys.argv[1], int(sys.argv[2])
store.open_database(path, create=False)
out = os.fdopen(sys.stdout.fileno(), "w", buffering=1)
out.write("ready\n")
i = start
while True:
    new = i % 5 == 0
    phone = f"+1 332 {200 + i // 10000} {i % 10000:04d}" if new else "(650) 253-0000"  # unique per caller
    call_id = logcall.log(phone, arrow.utcnow(), region="US", name=f"Crash caller {i}" if new else None,
                          note=f"crash call {i}")
    out.write(f"{call_id}\n")  # acknowledged: the commit has returned
    i += 1
"""


@dataclass
class Result:
    kills: int = 0
    acknowledged: int = 0
    missing: int = 0
    integrity_failures: int = 0
    half_transactions: int = 0
    rows: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.missing == 0 and self.integrity_failures == 0 and self.half_transactions == 0

    def lines(self) -> list[str]:
        return [
            f"kills (SIGKILL at a random moment): {self.kills}, survived: {self.kills - self.integrity_failures}",
            f"calls acknowledged to the writer: {self.acknowledged}, missing after reopening: {self.missing}",
            f"integrity_check not ok: {self.integrity_failures}; half-written new callers: {self.half_transactions}",
            f"rows in the file at the end: {self.rows} ({self.seconds:.1f} s)",
        ]


def prepare(path: Path) -> None:
    from frontdesk.domain import phones
    from frontdesk import store
    from frontdesk.store import writes
    import arrow

    store.open_database(path)
    try:
        writes.create_customer("Ann Lee", phones.parse("(650) 253-0000"), arrow.utcnow().naive)
    finally:
        store.close_database()


def _read_ids(stream, ids: list[int]) -> None:
    for line in stream:
        if line.endswith("\n") and line.strip().isdigit():  # a line cut by the kill is not an acknowledgement
            ids.append(int(line))


def check(path: Path, acknowledged: set[int], result: Result) -> None:
    connection = sqlite3.connect(path)
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            result.integrity_failures += 1
            result.problems.append(f"integrity_check: {verdict}")
        present = {r[0] for r in connection.execute("SELECT id FROM call")}
        lost = acknowledged - present
        result.missing += len(lost)
        if lost:
            result.problems.append(f"acknowledged calls missing: {sorted(lost)[:10]}")
        half = connection.execute(
            "SELECT COUNT(*) FROM customer c WHERE c.name LIKE 'Crash caller %' AND ("
            "(SELECT COUNT(*) FROM phone p WHERE p.customer_id = c.id) != 1 OR "
            "(SELECT COUNT(*) FROM call k WHERE k.customer_id = c.id) != 1)").fetchone()[0]
        result.half_transactions = half
        if half:
            result.problems.append(f"{half} new callers without exactly their number and their call")
        result.rows = len(present)
    finally:
        connection.close()


def run(path: Path, kills: int = 100, seed: int = 1, max_delay: float = 0.4) -> Result:
    rng = random.Random(seed)
    prepare(path)
    result = Result()
    acknowledged: set[int] = set()
    started = time.perf_counter()
    env = {**os.environ, "FRONTDESK_TZ": os.environ.get("FRONTDESK_TZ", "America/New_York")}
    for n in range(kills):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(n * 10_000)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        first = writer.stdout.readline()
        if first != "ready\n":
            writer.kill()
            result.problems.append(f"kill {n}: the writer did not start: {writer.stderr.read().strip()[-300:]}")
            writer.wait()
            break
        ids: list[int] = []
        reader = threading.Thread(target=_read_ids, args=(writer.stdout, ids))
        reader.start()
        time.sleep(rng.uniform(0.0, max_delay))  # a random moment: this is the experiment, not synchronisation
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        reader.join()
        writer.stderr.close()
        result.kills += 1
        acknowledged.update(ids)
        check(path, acknowledged, result)
        if result.problems:
            break
    result.acknowledged = len(acknowledged)
    result.seconds = time.perf_counter() - started
    # and the desk opens it as usual afterwards
    from frontdesk import store

    store.open_database(path, create=False)
    store.close_database()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="frontdesk-crash-") as tmp:
        result = run(Path(tmp) / "crash.db", args.kills, args.seed)
    for line in result.lines():
        print(line)
    for problem in result.problems:
        print("  problem:", problem)
    print("PASS" if result.ok else "FAIL")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
