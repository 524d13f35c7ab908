"""Whom to call now: the queue's rules, pure functions of records and `now`.

No Textual, no database.  Times in the records are naive UTC datetimes;
`now` is an aware Arrow/datetime.  The store builds the *Facts records;
the dashboard shows the QueueItems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Reasons, most urgent kind first (also the sort order between kinds)
VISIT_LATE = "technician late"
VISIT_AT_RISK = "technician may be late"
PROMISE_BROKEN = "promise broken"
CALLBACK_OWED = "callback owed"
PROMISE_AT_RISK = "promise at risk"
CHECK_IN_DUE = "check-in due"
GAP = "gone quiet"
FOLLOW_UP_DUE = "satisfaction follow-up"


@dataclass(frozen=True)
class Thresholds:
    visit_lead_minutes: int = 30      # window starts within this and the tech is not en route
    visit_margin_minutes: int = 15    # less than this left of the window, nobody arrived
    promise_business_hours: float = 4  # promise due within this many business hours
    gap_days: float = 3               # no contact either way on an open ticket for this long
    follow_up_at: str = "10:00"       # satisfaction call: next business day at this local time
    wide_window_hours: float = 2      # booking a wider window asks first
    all_well_to_step_down: int = 3    # consecutive all-well check-ins before suggesting less often


@dataclass(frozen=True)
class Wait:
    """A period in which a ticket waited on the customer or on parts."""

    on: str                       # "customer" / "parts"
    started_at: datetime
    ended_at: datetime | None = None


@dataclass(frozen=True)
class VisitFacts:
    id: int
    customer_id: int
    customer_name: str
    ticket_id: int | None
    window_start: datetime
    window_end: datetime
    status: str                    # scheduled / en route / on site / done / cancelled
    arrived_at: datetime | None = None
    en_route_at: datetime | None = None
    eta: datetime | None = None
    eta_set_at: datetime | None = None
    contacts: tuple[datetime, ...] = ()  # answered contacts linked to this visit, any direction


@dataclass(frozen=True)
class TicketFacts:
    id: int
    customer_id: int
    customer_name: str
    title: str
    status: str                    # open / closed
    opened_at: datetime
    promised_by: datetime | None = None
    promised_at: datetime | None = None   # when the current promise was made
    closed_at: datetime | None = None
    contacts: tuple[datetime, ...] = ()   # answered contacts linked to this ticket, any direction
    waits: tuple[Wait, ...] = ()
    follow_up_due: datetime | None = None
    follow_up_done_at: datetime | None = None


@dataclass(frozen=True)
class CallbackFacts:
    call_id: int
    customer_id: int | None
    customer_name: str
    phone_e164: str
    phone_raw: str
    ticket_id: int | None
    started_at: datetime
    direction: str
    outcome: str
    callback_by: datetime | None = None
    callback_done_at: datetime | None = None


@dataclass(frozen=True)
class CadenceFacts:
    customer_id: int
    customer_name: str
    cadence: str                     # see cadence.CADENCES; "" = none
    every_days: int | None = None    # for "custom"
    cadence_since: datetime | None = None
    last_check_in: datetime | None = None


@dataclass(frozen=True)
class QueueItem:
    reason: str                 # one of the reason constants above
    text: str                   # the reason in plain words, e.g. "window ended 40 min ago"
    since: datetime             # when it became true (naive UTC)
    severity: float             # higher = more urgent; the queue is sorted by it
    customer_id: int | None
    customer_name: str
    ticket_id: int | None = None
    visit_id: int | None = None
    call_id: int | None = None
    key: str = field(default="")  # stable identity, e.g. "visit-12", "ticket-3", "call-9", "customer-4"
