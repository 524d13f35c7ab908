"""Write a big frontdesk database fast: years of history plus a normal day today.

    python bench/generate.py PATH --calls 1000000 --customers 100000 \
        --tickets 200000 --visits 100000 [--tz America/New_York] [--seed 1]

The file is created by `frontdesk.store.open_database`, so its schema,
indexes, search index and `user_version` are exactly the app's.  History is
then written with raw `executemany` in one transaction with the indexes
dropped (and the journal off), and the indexes are created again after the
load — the fastest way SQLite offers.  Finally today is filled by the app's
own demo-day builder (`frontdesk.demo.build_demo`), so "today" holds a normal
day's load whatever the size of history.

What the history looks like (all of it before today, in the business zone):
- customers: names from the demo lists; a third with a company; one or two
  numbers each, a few shared office lines.  How often a customer calls is
  skewed: a log-normal weight per customer plus a handful of accounts that
  call almost daily, so a few customers have thousands of calls and most a few.
- tickets: opened on business days over ten years, by the same weights; all
  closed (median ~1.5 days later) except `--open-history` recent ones (15 by
  default) — a healthy desk closes its tickets, so the open list stays the
  size of a working day, not of history.  With the demo day's 25 that is
  ~40 open tickets at every size; `--open-history 3000` stresses the pane.
  Half were promised (a `promise` row each, 15 % re-promised: two rows);
  8 % waited on the customer or on parts (a `ticketwait` row); tickets closed
  in the last two years had their satisfaction follow-up done.
- visits: windows of 1-4 h on business days, 70 % for a ticket, 90 % done,
  7 % cancelled; 30 % had a reminder (an informed contact linked to it).
- calls: each ticket's opening call, 40 % a status inquiry, 70 % a "customer
  informed" update at closing, follow-up calls, visit reminders; the rest is
  traffic (70 % inbound; 12 % of inbound missed, every one called back).
  A dozen customers have a check-in cadence, with check-ins up to yesterday.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sqlite3
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import arrow

from frontdesk.domain import clock
from frontdesk.demo import day as demo
from frontdesk import store
from frontdesk.domain import vocabulary
from frontdesk.store import models

HISTORY_DAYS = 3650
AREA_CODES = ("202", "303", "305", "404", "503", "602", "617", "702", "713", "919")  # not the demo's
BAD_EXCHANGES = {"555", "950", "958", "959", "976"} | {f"{d}11" for d in range(2, 10)}
PRIORITIES = (("low", 3), ("normal", 12), ("high", 6), ("urgent", 2))
REASONS = (("new problem", 3), ("status inquiry", 4), ("scheduling", 3), ("billing", 2), ("sales", 1),
           ("other", 1))
HEAVY_CALLERS = 12       # accounts that call almost every day
CADENCE_CUSTOMERS = 12   # key clients with a check-in rhythm


def _weighted(rng: random.Random, pairs, k: int) -> list:
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights, k=k)


class History:
    """Builds the rows of `days` of history, ending just before today (local)."""

    def __init__(self, args, now: arrow.Arrow) -> None:
        self.rng = random.Random(args.seed)
        self.args = args
        self.day_start, _ = clock.day_bounds(now, args.tz)
        zone = ZoneInfo(args.tz)
        today = arrow.get(now).to(args.tz).date()
        # business days, oldest first, each as (UTC-naive local midnight)
        self.days: list[datetime] = []
        for back in range(HISTORY_DAYS, 0, -1):
            day = today - timedelta(days=back)
            if day.weekday() < 5 or back % 7 == 0:  # weekdays, and now and then a Saturday
                midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
                self.days.append(midnight.astimezone(timezone.utc).replace(tzinfo=None))
        self.notes = demo.load_list("call_notes")
        self.titles = demo.load_list("ticket_titles")

    # ------------------------------------------------------------ helpers
    def moment(self, lo_day: int = 0, hi_day: int | None = None) -> datetime:
        """A moment in office hours (8:00-18:00 local) on a business day in [lo_day, hi_day)."""
        rng = self.rng
        hi_day = len(self.days) if hi_day is None else hi_day
        day = self.days[rng.randrange(lo_day, hi_day)]
        return day + timedelta(seconds=28800 + int(rng.random() * 36000))

    def clamp(self, moment: datetime) -> datetime:
        """History stays before today."""
        limit = self.day_start - timedelta(minutes=1)
        return moment if moment < limit else limit - timedelta(seconds=self.rng.randrange(3600, 36000))

    def numbers(self, count: int) -> list[str]:
        rng, seen, out = self.rng, set(), []
        while len(out) < count:
            exchange = rng.randrange(200, 1000)
            if str(exchange) in BAD_EXCHANGES:
                continue
            e164 = f"+1{rng.choice(AREA_CODES)}{exchange}{rng.randrange(10000):04d}"
            if e164 not in seen:
                seen.add(e164)
                out.append(e164)
        return out

    # -------------------------------------------------------------- people
    def technicians(self) -> list[tuple]:
        names = ["Ana Ruiz", "Ben Okafor", "Chris Lindqvist", "Dee Patel", "Eli Moreau", "Fay Chen",
                 "Gus Romano", "Hana Sato", "Ivo Petrov", "Jo Adams", "Kai Nakamura", "Lea Brandt"]
        phones = self.numbers(len(names))
        self.techs = list(range(1, len(names) + 1))
        return [(i + 1, name, phones[i], 1 if i < 8 else 0) for i, name in enumerate(names)]

    def customers(self) -> tuple[list[tuple], list[tuple]]:
        rng, n = self.rng, self.args.customers
        firsts, lasts = demo.load_list("first_names"), demo.load_list("last_names")
        companies = demo.load_list("companies")
        numbers = self.numbers(n + n // 4 + 10)
        customers, phones = [], []
        self.main_number: list[str] = [""] * (n + 1)
        # how much each customer calls: log-normal, plus a few accounts that call daily
        weights = [rng.lognormvariate(0, 1.2) for _ in range(n)]
        for index in rng.sample(range(n), min(HEAVY_CALLERS, n)):
            weights[index] = 400.0 * (1 + rng.random())
        self.cum_weights = list(_accumulate(weights))
        self.customer_ids = range(1, n + 1)
        cadence = set(rng.sample(range(1, n + 1), min(CADENCE_CUSTOMERS, n)))
        self.cadence = sorted(cadence)
        next_number = iter(numbers)
        shared = None
        for cid in range(1, n + 1):
            first, last = rng.choice(firsts), rng.choice(lasts)
            name = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}" if rng.random() < 0.3 else f"{first} {last}"
            company = rng.choice(companies) if rng.random() < 0.33 else ""
            created = self.moment(0, max(1, len(self.days) - 30))
            if cid in cadence:
                kind = rng.choice(("weekly", "twice a week", "weekly", "custom"))
                extra = (kind, 10 if kind == "custom" else None, created)
            else:
                extra = ("", None, None)
            customers.append((cid, name, name.casefold(), company,
                              rng.choice(demo.CUSTOMER_NOTES) if rng.random() < 0.05 else "", created) + extra)
            e164 = next(next_number)
            self.main_number[cid] = e164
            phones.append((len(phones) + 1, cid, e164, e164[2:][::-1], "", "mobile"))
            if rng.random() < 0.01 and shared is not None:  # a shared office line
                phones.append((len(phones) + 1, cid, shared, shared[2:][::-1], "", "office"))
            elif rng.random() < 0.22:
                other = next(next_number)
                extension = str(rng.randrange(100, 400)) if company and rng.random() < 0.2 else ""
                phones.append((len(phones) + 1, cid, other, other[2:][::-1], extension,
                               "office" if company else "home"))
                if company:
                    shared = other
        return customers, phones

    def customer(self) -> int:
        return self.rng.choices(self.customer_ids, cum_weights=self.cum_weights)[0]

    # ------------------------------------------------------------- tickets
    def tickets(self) -> tuple[list[tuple], list[tuple], list[tuple], list[tuple]]:
        """Tickets, promises, waits, and the calls that belong to them."""
        rng, n = self.rng, self.args.tickets
        n_open = min(self.args.open_history, n)
        owners = rng.choices(self.customer_ids, cum_weights=self.cum_weights, k=n)
        priorities = _weighted(rng, PRIORITIES, n)
        last_day = len(self.days)
        opened = sorted(self.moment() for _ in range(n - n_open))
        recent = max(0, last_day - 20)
        opened += sorted(self.moment(recent) for _ in range(n_open))  # the open ones are recent
        two_years_ago = self.days[max(0, last_day - 500)]
        # how many calls belong to tickets: at most 70 % of all calls
        per_ticket = 1 + 0.4 + 0.7 + 0.25 + 0.3 * self.args.visits / max(n, 1)
        self.link_scale = min(1.0, 0.7 * self.args.calls / max(1.0, n * per_ticket))
        scale = self.link_scale
        tickets, promises, waits, calls = [], [], [], []
        self.ticket_span: list[tuple[int, int, datetime, datetime]] = []  # (id, customer, opened, closed)
        for index in range(n):
            tid, cid, start = index + 1, owners[index], opened[index]
            is_open = index >= n - n_open
            closed = None if is_open else self.clamp(
                start + timedelta(hours=min(rng.lognormvariate(math.log(36), 1.0), 24 * 60)))
            end = closed or (self.day_start - timedelta(hours=2))
            promised_by = promised_at = None
            if rng.random() < 0.5:
                promised_at = start + timedelta(minutes=rng.randrange(5, 60))
                promised_by = promised_at + timedelta(hours=rng.choice((4, 8, 24, 48, 72)))
                if rng.random() < 0.15:  # re-promised: the first promise is history
                    first_by = promised_by
                    promises.append((len(promises) + 1, tid, first_by, promised_at, ""))
                    promised_at = min(first_by, end) - timedelta(minutes=30)
                    promised_by = first_by + timedelta(hours=rng.choice((24, 48)))
                    promises.append((len(promises) + 1, tid, promised_by, promised_at, "Parts delayed."))
                else:
                    promises.append((len(promises) + 1, tid, promised_by, promised_at, ""))
                if is_open and promised_by < self.day_start and rng.random() < 0.7:
                    promised_by += timedelta(days=rng.randrange(3, 10))  # mostly still in the future
                    promises.append((len(promises) + 1, tid, promised_by, end - timedelta(hours=3), ""))
            waiting_on = ""
            if rng.random() < 0.08:
                on = rng.choice(vocabulary.WAITING_ON)
                w_start = start + (end - start) * rng.uniform(0.1, 0.5)
                w_end = None if is_open and rng.random() < 0.5 else w_start + (end - w_start) * rng.uniform(0.2, 0.8)
                waits.append((len(waits) + 1, tid, on, w_start, w_end))
                waiting_on = on if w_end is None else ""
            follow_due = follow_done = None
            satisfaction = ""
            if closed is not None and closed > two_years_ago and closed < self.day_start - timedelta(days=3):
                follow_due = closed + timedelta(days=1)
                follow_done = follow_due + timedelta(hours=rng.randrange(1, 30))
                satisfaction = "satisfied" if rng.random() < 0.9 else "not satisfied"
            needed_by = start + timedelta(days=rng.randrange(1, 7)) if rng.random() < 0.2 else None
            tech = rng.choice(self.techs) if rng.random() < 0.85 else None
            tickets.append((tid, cid, rng.choice(self.titles), priorities[index], "open" if is_open else "closed",
                            start, needed_by, promised_by, closed, tech, promised_at, waiting_on,
                            follow_due, follow_done, satisfaction, None))
            self.ticket_span.append((tid, cid, start, end))
            # the calls that belong to this ticket
            if rng.random() < scale:
                calls.append(self.call_row(start, cid, "in", "answered", "new problem", tid, note=""))
            if rng.random() < 0.4 * scale:
                calls.append(self.call_row(start + (end - start) * rng.random(), cid, "in", "answered",
                                           "status inquiry", tid))
            if closed is not None and rng.random() < 0.7 * scale:
                calls.append(self.call_row(closed - timedelta(minutes=5), cid, "out", "answered",
                                           vocabulary.UPDATE_REASON, tid, informed=True, note="Job finished; ticket closed."))
            elif is_open and rng.random() < 0.8:
                calls.append(self.call_row(end - timedelta(hours=rng.randrange(2, 72)), cid, "out", "answered",
                                           vocabulary.UPDATE_REASON, tid, informed=True, note="Gave an update on the repair."))
            if follow_done is not None and rng.random() < min(1.0, scale / 0.7):
                calls.append(self.call_row(follow_done, cid, "out", "answered", vocabulary.FOLLOW_UP_REASON, tid,
                                           note="", satisfaction=satisfaction))
        return tickets, promises, waits, calls

    # -------------------------------------------------------------- visits
    def visits(self) -> tuple[list[tuple], list[tuple]]:
        rng, n = self.rng, self.args.visits
        rows, calls = [], []
        spans = [s for s in self.ticket_span if s[3] - s[2] > timedelta(hours=3)] or self.ticket_span
        for index in range(n):
            vid = index + 1
            ticket = rng.choice(spans) if spans and rng.random() < 0.7 else None
            if ticket:
                tid, cid, t0, t1 = ticket
                start = t0 + (t1 - t0) * rng.uniform(0.1, 0.9)
            else:
                tid, cid, start = None, self.customer(), self.moment()
            start = self.clamp(start.replace(minute=(start.minute // 15) * 15, second=0))
            end = start + timedelta(minutes=rng.choice((60, 90, 120, 120, 180, 240)))
            roll = rng.random()
            status = "cancelled" if roll < 0.07 else "done"
            arrived = en_route = None
            if status == "done":
                arrived = start + (end - start) * rng.uniform(-0.1, 1.1 if rng.random() < 0.1 else 0.9)
                en_route = arrived - timedelta(minutes=rng.randrange(10, 50))
            created = start - timedelta(days=rng.randrange(1, 6), hours=rng.randrange(0, 8))
            rows.append((vid, cid, tid, rng.choice(self.techs), start, end, status, arrived, None, "",
                         created, en_route, None))
            if rng.random() < 0.3 * self.link_scale:
                calls.append(self.call_row(start - timedelta(hours=rng.randrange(14, 30)), cid, "out", "answered",
                                           vocabulary.UPDATE_REASON, tid, visit=vid, informed=True,
                                           note="Confirmed the visit window."))
        return rows, calls

    # --------------------------------------------------------------- calls
    def call_row(self, at: datetime, customer: int | None, direction: str, outcome: str, reason: str,
                 ticket: int | None, *, visit: int | None = None, informed: bool = False, note: str | None = None,
                 callback: bool = False, satisfaction: str = "", all_well=None, e164: str | None = None) -> tuple:
        """A call without its id: (started_at, ..., ) in Call column order after `id`."""
        rng = self.rng
        at = self.clamp(at)
        if e164 is None:
            e164 = self.main_number[customer] if customer else ""
        raw = demo.national(e164) if e164 and direction == "in" else ""
        channel = "phone"
        if informed:
            channel = rng.choices(("phone", "sms", "email"), weights=(6, 3, 1))[0]
            if channel != "phone":
                raw = ""
        callback_by = at if callback else None
        callback_done = at + timedelta(minutes=rng.randrange(10, 120)) if callback else None
        if note is None:
            note = rng.choice(self.notes) if rng.random() < 0.6 else ""
        duration = rng.randrange(40, 540) if outcome == "answered" else 0
        return (at, direction, outcome, channel, reason, customer, raw, e164 if channel == "phone" else "",
                ticket, visit, duration, note, callback_by, callback_done, 1 if informed else 0, all_well,
                satisfaction)

    def traffic(self, count: int) -> list[tuple]:
        rng, calls = self.rng, []
        owners = rng.choices(self.customer_ids, cum_weights=self.cum_weights, k=count)
        reasons = _weighted(rng, REASONS, count)
        spare = self.numbers(max(1, count // 30))
        for index in range(count):
            direction = "in" if rng.random() < 0.7 else "out"
            if direction == "in":
                missed = rng.random() < 0.12
            else:
                missed = rng.random() < 0.25
            unknown = rng.random() < 0.03
            customer = None if unknown else owners[index]
            calls.append(self.call_row(self.moment(), customer, direction, "missed" if missed else "answered",
                                       reasons[index], None, callback=missed and direction == "in",
                                       e164=rng.choice(spare) if unknown else None))
        for cid in self.cadence:  # check-ins twice a week for the last 40 business days
            for back in range(1, min(40, len(self.days)), 3):
                calls.append(self.call_row(self.days[-back] + timedelta(hours=14), cid, "out", "answered",
                                           "check-in", None, note="", all_well=1 if rng.random() < 0.8 else 0))
        return calls


def _accumulate(values):
    total = 0.0
    for value in values:
        total += value
        yield total


def _fmt(value):
    """Values as Peewee stores them (datetimes as 'YYYY-MM-DD HH:MM:SS')."""
    return value.isoformat(" ") if isinstance(value, datetime) else value


def _rows(rows, extra: tuple = ()):
    for row in rows:
        yield tuple(_fmt(v) for v in row) + extra


def _columns(model, ours: list[str]) -> tuple[list[str], tuple]:
    """Our columns, then any column the model has gained since, filled with its default."""
    extra_cols, extra_vals = [], []
    for fld in model._meta.sorted_fields:
        if fld.column_name in ours:
            continue
        default = fld.default() if callable(fld.default) else fld.default
        if default is None and not fld.null:
            raise SystemExit(f"generate.py: {model.__name__}.{fld.name} needs a value; teach the generator about it.")
        extra_cols.append(fld.column_name)
        extra_vals.append(_fmt(default))
    return ours + extra_cols, tuple(extra_vals)


COLUMNS = {
    models.Technician: ["id", "name", "phone", "active"],
    models.Customer: ["id", "name", "name_key", "company", "notes", "created_at", "cadence", "cadence_days",
                     "cadence_since"],
    models.Phone: ["id", "customer_id", "e164", "reversed_digits", "extension", "label"],
    models.Ticket: ["id", "customer_id", "title", "priority", "status", "opened_at", "needed_by", "promised_by",
                   "closed_at", "technician_id", "promised_at", "waiting_on", "follow_up_due", "follow_up_done_at",
                   "satisfaction", "reopened_from_id"],
    models.Promise: ["id", "ticket_id", "promised_by", "made_at", "note"],
    models.TicketWait: ["id", "ticket_id", "on", "started_at", "ended_at"],
    models.Visit: ["id", "customer_id", "ticket_id", "technician_id", "window_start", "window_end", "status",
                  "arrived_at", "eta", "customer_choice", "created_at", "en_route_at", "eta_set_at"],
    models.Call: ["id", "started_at", "direction", "outcome", "channel", "reason", "customer_id", "phone_raw",
                 "phone_e164", "ticket_id", "visit_id", "duration_s", "note", "callback_by", "callback_done_at",
                 "informed", "all_well", "satisfaction"],
}


def _insert(connection: sqlite3.Connection, model, rows) -> int:
    columns, extra = _columns(model, COLUMNS[model])
    marks = ", ".join("?" * len(columns))
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = connection.executemany(f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks})',
                                    _rows(rows, extra))
    return cursor.rowcount


def generate(args) -> dict[str, int]:
    path = Path(args.path)
    if path.exists():
        if not args.force:
            raise SystemExit(f"generate.py: {path} exists; add --force to replace it.")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    now = arrow.utcnow()
    timings = {}
    clock_start = time.perf_counter()

    store.open_database(path)  # the app's schema, indexes and user_version
    store.close_database()

    history = History(args, now)
    technicians = history.technicians()
    customers, phones = history.customers()
    tickets, promises, waits, ticket_calls = history.tickets()
    visits, visit_calls = history.visits()
    linked = ticket_calls + visit_calls
    traffic = history.traffic(max(0, args.calls - len(linked)))
    calls = linked + traffic
    calls.sort(key=lambda row: row[0])  # ids follow time, as in real use
    timings["build rows"] = time.perf_counter() - clock_start

    t0 = time.perf_counter()
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA cache_size = -262144")
    connection.execute("PRAGMA foreign_keys = OFF")
    schema = connection.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"
    ).fetchall()
    fts = [name for (name, sql) in connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'")
        if "content=" in sql.replace(" ", "").lower()]
    connection.execute("BEGIN")
    for kind, name, _ in schema:
        connection.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
    counts = {
        "technicians": _insert(connection, models.Technician, technicians),
        "customers": _insert(connection, models.Customer, customers),
        "phones": _insert(connection, models.Phone, phones),
        "tickets": _insert(connection, models.Ticket, tickets),
        "promises": _insert(connection, models.Promise, promises),
        "waits": _insert(connection, models.TicketWait, waits),
        "visits": _insert(connection, models.Visit, visits),
        "calls": _insert(connection, models.Call, ((i + 1,) + row for i, row in enumerate(calls))),
    }
    connection.execute("COMMIT")
    timings["insert"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    connection.execute("BEGIN")
    for kind, name, sql in schema:
        connection.execute(sql)
    for name in fts:  # external-content search indexes are rebuilt from their table
        connection.execute(f'INSERT INTO "{name}"("{name}") VALUES (\'rebuild\')')
    connection.execute("COMMIT")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.close()
    timings["indexes"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    store.open_database(path)
    try:
        today = demo.build_demo(now, args.tz, seed=args.seed)
    finally:
        store.close_database()
    timings["today"] = time.perf_counter() - t0
    counts["open tickets"] = sum(1 for t in tickets if t[4] == "open") + today["open_tickets"]
    counts["calls today"] = today["calls_today"]
    counts["visits today"] = today["visits_today"]
    counts["calls"] += today["calls"]
    timings["total"] = time.perf_counter() - clock_start
    return {"counts": counts, "timings": timings, "day": arrow.get(now).to(args.tz).date().isoformat()}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="the database file to write")
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--tickets", type=int, default=200_000)
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--open-history", type=int, default=15,
                        help="recent open tickets in history, besides the demo day's 25 (default 15)")
    parser.add_argument("--tz", default="America/New_York", help="business time zone (default America/New_York)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="replace the file if it exists")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if min(args.customers, args.tickets) < 1:
        raise SystemExit("generate.py: --customers and --tickets must be at least 1.")
    result = generate(args)
    counts = ", ".join(f"{v:,} {k}" for k, v in result["counts"].items())
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in result["timings"].items())
    print(f"{args.path}: {counts}")
    print(f"  {steps}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
