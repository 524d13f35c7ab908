"""The demo day's follow-through: what makes every call-now reason show.

Runs after `demo._DemoDay` has built people, tickets, visits and calls, and
adds: the history of every promise (one ticket re-promised three times),
tickets waiting on parts or on the customer, key clients with a check-in
cadence (one due now, one ready to step down), satisfaction follow-ups after
closure (made, one due), and an ETA after the window for the late visit.
"""

from __future__ import annotations

from datetime import time, timedelta

from frontdesk.domain import business_hours
from frontdesk.store.follow_up_writes import CHECK_IN_REASON
from frontdesk.domain.vocabulary import FOLLOW_UP_REASON
from frontdesk.store.models import Call, Customer, Promise, Ticket, TicketWait, Visit

MIN, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
SCHEDULE = business_hours.Schedule()
FOLLOW_UP_AT = time(10, 0)


def add_follow_through(day) -> None:
    _defaults(day)
    _promises(day)
    _waits(day)
    _cadences(day)
    _follow_ups(day)
    _en_route(day)
    for row in day.rows[Call]:
        row.setdefault("all_well", None)
        row.setdefault("satisfaction", "")


def _defaults(day) -> None:
    """Every row of a model gets the same keys (bulk inserts want one shape)."""
    for row in day.rows[Customer]:
        row.update(cadence="", cadence_days=None, cadence_since=None)
    for row in day.rows[Ticket]:
        row.update(promised_at=None, waiting_on="", follow_up_due=None, follow_up_done_at=None,
                   satisfaction="", reopened_from=None)
    for row in day.rows[Visit]:
        row.update(en_route_at=None, eta_set_at=None)


def _promises(day) -> None:
    """One Promise row per promise given.  The first broken promise is a third
    one: each earlier promise was replaced the afternoon before it fell due."""
    redone = None
    for ticket in day.rows[Ticket]:
        if ticket["promised_by"] is None:
            continue
        made = min(ticket["opened_at"] + 20 * MIN, day.now)
        if redone is None and ticket["status"] == "open" and ticket["promised_by"] < day.now:
            redone = ticket
            first, second = ticket["promised_by"] - 2 * DAY, ticket["promised_by"] - DAY
            if first - DAY > made:  # room for the history: opened early enough
                day.add(Promise, ticket=ticket["id"], promised_by=first, made_at=made, note="")
                day.add(Promise, ticket=ticket["id"], promised_by=second, made_at=first - 3 * HOUR,
                        note="Parts delayed at the vendor.")
                made = second - 3 * HOUR
            else:
                redone = None
        ticket["promised_at"] = made
        day.add(Promise, ticket=ticket["id"], promised_by=ticket["promised_by"], made_at=made,
                note="Second delay: the replacement board was the wrong revision." if ticket is redone else "")


def _waits(day) -> None:
    """Two open tickets without a promise wait: one on parts, one on the customer."""
    candidates = [t for t in day.open if t["promised_by"] is None and t["kind"] in ("never", "opened")]
    for ticket, on, since in zip(candidates, ("parts", "customer"), (2 * DAY, 5 * HOUR)):
        started = max(ticket["opened_at"] + HOUR, day.now - since)
        if started >= day.now:
            continue
        day.add(TicketWait, ticket=ticket["id"], on=on, started_at=started, ended_at=None)
        row = next(r for r in day.rows[Ticket] if r["id"] == ticket["id"])
        row["waiting_on"] = on


def _cadences(day) -> None:
    """Three key clients, each with open requests to walk through: daily and
    due now (two all-well check-ins behind it, so the next all-well one
    suggests stepping down), twice a week, and weekly (neither due yet)."""
    counts: dict[int, int] = {}
    for ticket in day.open:
        counts[ticket["customer"]] = counts.get(ticket["customer"], 0) + 1
    clients = sorted((c for c in counts if c not in day.callback_customers), key=lambda c: (-counts[c], c))[:3]
    plans = (("daily", 1, 2), ("twice a week", 3, 1), ("weekly", 7, 1))
    for cid, (cadence, every, checks) in zip(clients, plans):
        row = next(r for r in day.rows[Customer] if r["id"] == cid)
        row.update(cadence=cadence, cadence_since=day.now - 30 * DAY)
        # daily: last check-in yesterday, so due this morning; the others are not due yet
        last = day.at(-1, 10) if cadence == "daily" else day.now - (DAY if cadence == "twice a week" else 2 * DAY)
        for index in range(checks):
            at = min(last - index * every * DAY, day.now - HOUR)
            day.call(at, cid, direction="out", reason=CHECK_IN_REASON, note="Walked through open requests; all well.")
            day.rows[Call][-1]["all_well"] = True


def _follow_ups(day) -> None:
    """Every closed ticket got its follow-up scheduled; all were made except one, due now."""
    closed = sorted((t for t in day.rows[Ticket] if t["status"] == "closed"), key=lambda t: t["closed_at"])
    for index, ticket in enumerate(closed):
        due = business_hours.next_business_day_at(ticket["closed_at"], FOLLOW_UP_AT, SCHEDULE, day.tz)
        if index == 0:  # the one still owed
            ticket["follow_up_due"] = min(due, day.now - 5 * MIN) if due > ticket["closed_at"] else due
            if ticket["follow_up_due"] <= ticket["closed_at"]:
                ticket["follow_up_due"] = ticket["closed_at"] + MIN
            continue
        ticket["follow_up_due"] = due
        done = due + timedelta(minutes=day.rng.randint(5, 90))
        if done >= day.now:
            continue  # not made yet, and not due yet either
        verdict = "satisfied" if day.rng.random() < 0.9 else "not satisfied"
        ticket.update(follow_up_done_at=done, satisfaction=verdict)
        day.call(done, ticket["customer"], direction="out", reason=FOLLOW_UP_REASON, ticket=ticket["id"],
                 note="Happy with the repair." if verdict == "satisfied" else "Still slow; wants someone back.")
        day.rows[Call][-1]["satisfaction"] = verdict


def _en_route(day) -> None:
    """The late visit's technician is on the way, with an ETA after the window."""
    for row in day.rows[Visit]:
        if row["status"] == "en route" and row["eta"] is not None:
            row["en_route_at"] = row["eta_set_at"] = max(row["window_start"] - HOUR, day.now - 50 * MIN)
