"""A realistic demo day, built relative to `now` and deterministic for a seed.

`build_demo` fills the currently open database (see `store.open_database`);
`write_demo` creates a fresh database file and fills it.  Names, companies,
ticket titles, technicians and call notes come from the plain-text lists in
the package's `data/` directory (one item a line, `#` starts a comment).

The day always contains exactly one late visit and exactly one visit in its
window (not yet arrived), callbacks owed (overdue, later today, missed
calls), promises broken / at risk / in the future, and open tickets whose
customers were informed at a mix of times — or never.  No call is ever in
the future.  All times are stored as naive UTC.
"""

from __future__ import annotations

import os
import random
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import arrow
from peewee import chunked, fn

from frontdesk.domain import clock
from frontdesk import store
from frontdesk.domain.vocabulary import UPDATE_REASON
from frontdesk.store.models import Call, Customer, Phone, Technician, Ticket, Visit
from frontdesk.domain import vocabulary
from frontdesk.store import models

DATA_DIRS = (Path(__file__).parent / "data", Path(__file__).resolve().parents[3] / "data")
AREA_CODES = ("212", "646", "718", "415", "510", "617", "857", "312", "773")
BAD_EXCHANGES = {"555", "950", "958", "959", "976"} | {f"{d}11" for d in range(2, 10)}
CUSTOMER_NOTES = ("Gate code 4471.", "Prefers text messages.", "Dog on premises; call first.",
                  "Net-30 billing.", "Key with the building super.", "Spanish speaker; ask for Rosa.")
N_CUSTOMERS, N_OPEN, N_CLOSED, CALLS_TODAY, HISTORY_PER_DAY = 40, 25, 40, 30, 10
# roles by position in the (shuffled) customer list
OWNERS = slice(0, 18)           # hold the open tickets (some two)
SPARE = slice(18, 30)           # no open ticket: closed tickets, visits without a ticket
CALLBACK_ROLES = slice(30, 33)  # a callback made, one overdue, one due later today
MIN, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)


@lru_cache(maxsize=None)
def load_list(name: str) -> tuple[str, ...]:
    """One of the bundled lists ('first_names', ...): non-empty, non-comment lines."""
    for folder in DATA_DIRS:
        path = folder / f"{name}.txt"
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()
            return tuple(s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#"))
    raise FileNotFoundError(f"The demo list {name}.txt is missing from the frontdesk package.")


def floor_to(moment: datetime, minutes: int) -> datetime:
    return moment.replace(minute=moment.minute - moment.minute % minutes, second=0, microsecond=0)


def ceil_to(moment: datetime, minutes: int) -> datetime:
    floored = floor_to(moment, minutes)
    return floored if floored == moment else floored + timedelta(minutes=minutes)


def national(e164: str) -> str:
    """'+12125550123' -> '(212) 555-0123', how caller ID shows a US number."""
    d = e164[2:]
    return f"({d[:3]}) {d[3:6]}-{d[6:]}"


class _DemoDay:
    """Collects the rows of one demo day; `insert` writes them in bulk."""

    def __init__(self, now: arrow.Arrow, tz: str, seed: int) -> None:
        self.rng = random.Random(seed)
        self.tz = tz
        self.now = clock.utc_naive(now).replace(microsecond=0)
        self.day_start, self.day_end = clock.day_bounds(now, tz)
        # today's calls happen in [t0, now): from the morning, or the last 3 h when it is early
        self.t0 = max(self.day_start, min(self.at(0, 7, 30), self.now - 3 * HOUR))
        self.ids = {m: (m.select(fn.MAX(m.id)).scalar() or 0) + 1 for m in models.MODELS}
        self.rows: dict[type, list[dict]] = {m: [] for m in models.MODELS}
        self.numbers: set[str] = set()
        self.notes = load_list("call_notes")

    # ------------------------------------------------------------ helpers
    def at(self, days: int, hour: int, minute: int = 0) -> datetime:
        """Local hh:mm on today + `days`, as naive UTC."""
        day = arrow.get(self.day_start, tzinfo="UTC").to(self.tz).shift(days=days)
        return clock.utc_naive(arrow.Arrow(day.year, day.month, day.day, hour, minute, tzinfo=self.tz))

    def pos(self, fraction: float) -> datetime:
        """A moment `fraction` of the way through today's calls (always before now)."""
        span = max(self.now - self.t0 - MIN, timedelta(0))
        return (self.t0 + span * fraction).replace(microsecond=0)

    def business_moment(self, lo: datetime, hi: datetime) -> datetime:
        """A random moment in [lo, hi], during local office hours when possible."""
        for _ in range(20):
            moment = lo + (hi - lo) * self.rng.random()
            if 8 <= clock.local(moment, self.tz).hour < 18:
                return moment.replace(microsecond=0)
        return (lo + (hi - lo) * self.rng.random()).replace(microsecond=0)

    def add(self, model, **values) -> int:
        values["id"] = self.ids[model]
        self.ids[model] += 1
        self.rows[model].append(values)
        return values["id"]

    def new_number(self) -> str:
        while True:
            exchange = str(self.rng.randint(200, 999))
            if exchange not in BAD_EXCHANGES:
                e164 = f"+1{self.rng.choice(AREA_CODES)}{exchange}{self.rng.randint(0, 9999):04d}"
                if e164 not in self.numbers:
                    self.numbers.add(e164)
                    return e164

    def phone(self, customer: int, e164: str, label: str, extension: str = "") -> None:
        self.add(Phone, customer=customer, e164=e164, reversed_digits=e164[2:][::-1],
                 extension=extension, label=label)

    def call(self, at: datetime, customer: int | None, *, direction: str = "in", outcome: str = "answered",
             reason: str = "other", ticket: int | None = None, visit: int | None = None, note: str | None = None,
             callback_by: datetime | None = None, callback_done_at: datetime | None = None,
             channel: str = "phone", informed: bool = False, e164: str | None = None) -> int:
        assert at <= self.now, "a demo call in the future"
        if e164 is None:
            e164 = self.main_number.get(customer, "") if channel == "phone" else ""
        return self.add(
            Call, started_at=at, direction=direction, outcome=outcome, channel=channel, reason=reason,
            customer=customer, phone_raw=national(e164) if e164 else "", phone_e164=e164 or "",
            ticket=ticket, visit=visit, duration_s=self.rng.randint(40, 540) if outcome == "answered" else 0,
            note=self.rng.choice(self.notes) if note is None else note, callback_by=callback_by,
            callback_done_at=callback_done_at, informed=informed,
        )

    def inform(self, at: datetime, ticket: dict, note: str, visit: int | None = None) -> int:
        """A `writes.mark_informed`-style contact: outbound, answered, informed."""
        channel = self.rng.choices(("phone", "sms", "email"), weights=(6, 3, 1))[0]
        return self.call(at, ticket["customer"], direction="out", reason=UPDATE_REASON, ticket=ticket["id"],
                         visit=visit, note=note, channel=channel, informed=True)

    # -------------------------------------------------------------- people
    def people(self) -> None:
        rng = self.rng
        self.techs = [self.add(Technician, name=name, phone=self.new_number(), active=True)
                      for name in load_list("technicians")[:6]]
        names = [f"{f} {l}" for f, l in zip(rng.sample(load_list("first_names"), N_CUSTOMERS),
                                              rng.sample(load_list("last_names"), N_CUSTOMERS))]
        companies = rng.sample(load_list("companies"), N_CUSTOMERS)
        self.customers, self.main_number = [], {}
        shared = self.new_number()  # one office line answered for two customers
        for index, name in enumerate(names):
            company = companies[index] if index % 3 != 2 else ""
            if index == 4:
                company = companies[3]
            since = self.business_moment(self.now - 700 * DAY, self.now - 20 * DAY)
            notes = rng.choice(CUSTOMER_NOTES) if rng.random() < 0.2 else ""
            cid = self.add(Customer, name=name, name_key=name.casefold(), company=company, notes=notes,
                           created_at=since)
            self.customers.append(cid)
            first = self.new_number()
            self.main_number[cid] = first
            self.phone(cid, first, "mobile")
            if index in (3, 4):
                self.phone(cid, shared, "office")
            elif index == 5:
                self.phone(cid, self.new_number(), "office", extension="214")
            elif rng.random() < 0.25:
                self.phone(cid, self.new_number(), "office" if company else "home")

    # ------------------------------------------------------------- tickets
    def tickets(self) -> None:
        rng, now = self.rng, self.now
        titles = list(load_list("ticket_titles"))
        rng.shuffle(titles)
        holders = self.customers[OWNERS]
        owners = holders + rng.sample(holders, N_OPEN - len(holders))
        promises = ["broken"] * 3 + ["risk"] * 3 + ["future"] * 7 + ["none"] * (N_OPEN - 13)
        informed = ["never"] * 7 + ["today"] * 5 + ["earlier"] * 6 + ["inquiry"] * 4 + ["opened"] * (N_OPEN - 22)
        rng.shuffle(promises)
        rng.shuffle(informed)
        broken = [floor_to(now - 2 * HOUR, 15), self.at(-1, 17), self.at(-3, 12)]
        risk = [ceil_to(now + d, 5) for d in (40 * MIN, 105 * MIN, 200 * MIN)]
        future = [self.at(k, 17) for k in (1, 1, 2, 3, 4, 5, 7)]
        self.open: list[dict] = []
        for index, (owner, promise, kind) in enumerate(zip(owners, promises, informed)):
            queue = {"broken": broken, "risk": risk, "future": future}.get(promise)
            promised_by = queue.pop(0) if queue else None
            if promise == "broken":
                opened = self.business_moment(promised_by - 5 * DAY, promised_by - DAY)
            else:
                opened = self.business_moment(now - 12 * DAY, now - 3 * HOUR)
            priority = rng.choices(vocabulary.PRIORITIES, weights=(3, 12, 6, 2))[0]
            if promise == "risk" and not any(t["priority"] == "urgent" for t in self.open):
                priority = "urgent"
            needed = self.at(rng.randint(1, 6), 9) if promise != "broken" and rng.random() < 0.3 else None
            tech = rng.choice(self.techs) if rng.random() < 0.8 else None
            ticket = dict(customer=owner, title=titles[index % len(titles)], priority=priority, status="open",
                          opened_at=opened, needed_by=needed, promised_by=promised_by, closed_at=None,
                          technician=tech)
            ticket["id"] = self.add(Ticket, **ticket)
            ticket["kind"] = kind
            self.open.append(ticket)
            if kind != "never":
                self.call(opened, owner, reason="new problem", ticket=ticket["id"], note="")
        for _ in range(N_CLOSED):
            self.closed_ticket(titles)

    def closed_ticket(self, titles: list[str]) -> None:
        rng = self.rng
        # closed before today, so no contact today can contradict the callbacks owed today
        closed = self.business_moment(self.now - 7 * DAY, min(self.now - 30 * MIN, self.day_start - MIN))
        opened = self.business_moment(closed - 96 * HOUR, closed - 90 * MIN)
        promised = (opened + timedelta(hours=rng.choice((4, 8, 24, 48, 72)))) if rng.random() < 0.5 else None
        owner = rng.choice(self.customers[SPARE.start:] + self.customers[OWNERS][::2])  # mostly no open ticket
        ticket = dict(customer=owner, title=rng.choice(titles), priority=rng.choice(vocabulary.PRIORITIES[:3]),
                      status="closed", opened_at=opened, needed_by=None, promised_by=promised, closed_at=closed,
                      technician=rng.choice(self.techs))
        ticket["id"] = tid = self.add(Ticket, **ticket)
        self.call(opened, owner, reason="new problem", ticket=tid, note="")
        if rng.random() < 0.4:
            self.call(self.business_moment(opened + 10 * MIN, closed - 10 * MIN), owner, reason="status inquiry",
                      ticket=tid)
        self.inform(closed - 5 * MIN, ticket, "Job finished; ticket closed.")

    # -------------------------------------------------------------- visits
    def visits(self) -> None:
        """~12 visits today: done, one late, one in window, one on site, one cancelled, upcoming."""
        rng, now = self.rng, self.now
        tickets = [t for t in self.open if t["kind"] != "never" and t["customer"] not in self.callback_customers]
        rng.shuffle(tickets)
        self.visit_tickets = iter(tickets)
        late_end = floor_to(now - 35 * MIN, 15)
        late_start = max(late_end - 90 * MIN, self.day_start)
        self.visit(late_start if late_start < late_end else late_end - 90 * MIN, late_end, status="en route",
                   eta=ceil_to(now + 20 * MIN, 5))
        start, end = max(floor_to(now - 40 * MIN, 15), self.day_start), min(ceil_to(now + 50 * MIN, 15), self.day_end)
        in_window = self.visit(start, end)
        self.inform(self.pos(0.05), self.ticket_of[in_window],
                    f"Reminder: technician arrives between {clock.hhmm(start, self.tz)} "
                    f"and {clock.hhmm(end, self.tz)}.", visit=in_window)
        start = max(floor_to(now - 60 * MIN, 15), self.day_start)
        self.visit(start, min(ceil_to(now + HOUR, 15), self.day_end), status="on site",
                   arrived_at=max(start, now - 25 * MIN))
        eight, noon = self.at(0, 8), self.at(0, 12)  # the one wide "8 to noon" window
        if now < eight:
            self.visit(eight, noon)
        else:
            arrived = max(min(eight + 40 * MIN, now - 2 * MIN), eight - 5 * MIN)
            self.visit(eight, noon, status="done" if now >= noon else "on site", arrived_at=arrived)
        cursor, opening = late_end - 30 * MIN, self.at(0, 7)  # done visits, going back from the late one
        for length, late_by in ((60, 0), (120, 20), (90, 0)):
            end = floor_to(cursor, 15)
            if end - length * MIN < opening:
                break
            arrived = end + late_by * MIN if late_by else end - timedelta(minutes=rng.randint(20, length - 10))
            self.visit(end - length * MIN, end, status="done", arrived_at=arrived)
            cursor = end - length * MIN + 30 * MIN
        cursor, closing, spill = now + HOUR, self.at(0, 20), self.at(1, 8)
        for index, length in enumerate((120, 60, 120, 60, 90, 120)):
            start = ceil_to(cursor, 15)
            if start + length * MIN > closing:  # no room today: book it for tomorrow
                start, spill = spill, spill + 90 * MIN
            if index == 0 and start >= self.day_end:  # keep the cancelled visit today
                start = max(floor_to(late_end - 4 * HOUR, 15), self.day_start)
            vid = self.visit(start, start + length * MIN, status="cancelled" if index == 0 else "scheduled")
            if index == 2:
                self.inform(self.at(-1, 16), self.ticket_of[vid], "Confirmed the visit window.", visit=vid)
            cursor = start + timedelta(minutes=rng.choice((30, 45, 60)))

    def visit(self, start: datetime, end: datetime, *, status: str = "scheduled", arrived_at=None, eta=None) -> int:
        ticket = next(self.visit_tickets, None)
        customer = ticket["customer"] if ticket else self.rng.choice(self.customers[SPARE])
        tech = ticket["technician"] if ticket and ticket["technician"] else self.rng.choice(self.techs)
        created = min(start - 2 * DAY, self.now - HOUR)
        vid = self.add(Visit, customer=customer, ticket=ticket["id"] if ticket else None, technician=tech,
                       window_start=start, window_end=end, status=status, arrived_at=arrived_at, eta=eta,
                       customer_choice="", created_at=created)
        self.ticket_of[vid] = ticket or {"id": None, "customer": customer}
        return vid

    # --------------------------------------------------------------- calls
    def calls(self) -> None:
        """Callbacks owed and settled, informed contacts, then random traffic."""
        rng, pos = self.rng, self.pos
        a, b, c = self.customers[CALLBACK_ROLES]
        self.call(pos(0.15), a, outcome="missed", callback_by=pos(0.15), callback_done_at=pos(0.25), note="")
        self.call(pos(0.25), a, direction="out", reason="scheduling", note="Returned the missed call.")
        self.call(pos(0.3), b, reason="billing", callback_by=pos(0.6),
                  note="Invoice has the wrong address; promised to call back with a corrected one.")
        later = ceil_to(self.now + 2 * HOUR, 15)
        later = later if later < self.day_end else max(self.day_end - 5 * MIN, self.now + 5 * MIN)
        self.call(pos(0.7), c, reason="sales", callback_by=later, note="Wants a quote for a second unit; call back.")
        never = next(t for t in self.open if t["kind"] == "never" and t["customer"] == self.d_customer)
        self.call(pos(0.85), never["customer"], outcome="missed", reason="status inquiry", ticket=never["id"],
                  callback_by=pos(0.85), note="")
        self.call(pos(0.95), None, outcome="missed", callback_by=pos(0.95), note="", e164=self.new_number())
        for ticket in self.open:
            after = max(self.t0, ticket["opened_at"] + 10 * MIN)
            today = (after + (self.now - MIN - after) * rng.uniform(0.05, 0.98)).replace(microsecond=0)
            if ticket["kind"] == "today":
                self.inform(today, ticket, rng.choice(("Parts arrive tomorrow morning.", "Tech confirmed for today.",
                                                       "Told them we are waiting on the vendor.")))
            elif ticket["kind"] == "inquiry":
                self.call(today, ticket["customer"], reason="status inquiry", ticket=ticket["id"])
            elif ticket["kind"] == "earlier":
                end = self.day_start if ticket["opened_at"] < self.day_start - HOUR else self.now
                self.inform(self.business_moment(ticket["opened_at"] + 10 * MIN, end - MIN), ticket,
                            "Gave an update on the repair.")
        pool = [cid for cid in self.customers if cid not in self.callback_customers]
        linkable = {t["customer"]: t["id"] for t in self.open if t["kind"] != "never"}
        today = sum(1 for row in self.rows[Call] if row["started_at"] >= self.day_start)
        for _ in range(max(0, CALLS_TODAY - today)):
            self.traffic(pos(rng.random()), rng.choice(pool), linkable)
        for days in range(1, 8):  # a week of history, office hours
            lo, hi = self.at(-days, 8), self.at(-days, 18)
            for _ in range(HISTORY_PER_DAY + rng.randint(-3, 3)):
                self.traffic(self.business_moment(lo, hi), rng.choice(self.customers), {}, history=True)

    def traffic(self, at: datetime, customer: int, linkable: dict, history: bool = False) -> None:
        rng = self.rng
        direction = "in" if rng.random() < 0.7 else "out"
        reason = rng.choices(vocabulary.REASONS, weights=(3, 4, 3, 2, 1, 1, 1))[0]
        if direction == "in":  # inbound misses only in history, where the callback was made
            outcome = "missed" if history and rng.random() < 0.15 else "answered"
        else:
            outcome = "missed" if rng.random() < 0.3 else "answered"
        owed = at if outcome == "missed" and direction == "in" else None
        done = at + timedelta(minutes=rng.randint(10, 120)) if owed else None
        who = None if history and rng.random() < 0.05 else customer
        ticket = linkable.get(customer) if reason in ("status inquiry", "scheduling") else None
        self.call(at, who, direction=direction, outcome=outcome, reason=reason, ticket=ticket,
                  callback_by=owed, callback_done_at=done, e164=None if who else self.new_number())

    # ------------------------------------------------------------- writing
    def build(self) -> None:
        self.ticket_of: dict[int, dict] = {}
        self.people()
        self.tickets()
        # the customer whose missed call owes a callback: one open ticket, never informed
        single = [t for t in self.open if t["kind"] == "never"
                  and sum(o["customer"] == t["customer"] for o in self.open) == 1]
        self.d_customer = (single or [t for t in self.open if t["kind"] == "never"])[0]["customer"]
        self.callback_customers = set(self.customers[CALLBACK_ROLES]) | {self.d_customer}
        self.visits()
        self.calls()
        from frontdesk.demo.follow_through import add_follow_through

        add_follow_through(self)

    def insert(self) -> None:
        for model in models.MODELS:
            for batch in chunked(self.rows[model], 100):
                model.insert_many(batch).execute()


def build_demo(now: arrow.Arrow, tz: str, seed: int = 7) -> dict[str, int]:
    """Fill the open database with a demo day around `now`; return what was added.

    Deterministic for a given (now, tz, seed).  Rows are added after any that
    exist (ids continue), all in one transaction.
    """
    day = _DemoDay(now, tz, seed)
    day.build()
    with models.db.atomic():
        day.insert()
    rows = day.rows
    return {
        "customers": len(rows[Customer]),
        "phones": len(rows[Phone]),
        "technicians": len(rows[Technician]),
        "open_tickets": sum(1 for t in rows[Ticket] if t["status"] == "open"),
        "closed_tickets": sum(1 for t in rows[Ticket] if t["status"] == "closed"),
        "visits": len(rows[Visit]),
        "visits_today": sum(1 for v in rows[Visit] if day.day_start <= v["window_start"] < day.day_end),
        "calls": len(rows[Call]),
        "calls_today": sum(1 for c in rows[Call] if c["started_at"] >= day.day_start),
    }


def write_demo(path: Path | str, now: arrow.Arrow, tz: str, *, seed: int = 7,
               overwrite: bool = False) -> dict[str, int]:
    """Create a new database file at `path` (mode 0600) holding a demo day.

    An existing non-empty file is refused with StoreError unless `overwrite`;
    only regular files are ever replaced.  The database is closed afterwards.
    """
    path = Path(path).expanduser()
    if path.exists() and not path.is_dir():
        if not path.is_file():
            raise store.StoreError(f"{path} is not a regular file; choose another path for the demo database.")
        if path.stat().st_size > 0 and not overwrite:
            raise store.StoreError(f"{path} already exists and is not empty; refusing to overwrite it.")
        store.close_database()
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(f"{path}{suffix}")
            except FileNotFoundError:
                pass
    store.close_database()
    store.open_database(path)
    try:
        return build_demo(now, tz, seed)
    finally:
        store.close_database()
