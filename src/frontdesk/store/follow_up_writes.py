"""Saves for keeping in touch: satisfaction follow-ups after closure, check-in
calls with key clients, and their cadence.  One transaction each; callers
pass validated values.  No Textual here.
"""

from __future__ import annotations

from datetime import datetime

from frontdesk.domain import clock
from frontdesk.domain.vocabulary import FOLLOW_UP_REASON
from frontdesk.store.models import Call, Customer, Ticket, db
from frontdesk.store.writes import settle_callbacks

CHECK_IN_REASON = "check-in"


def record_follow_up(ticket_id: int, satisfied: bool, note: str, now, *, outcome: str = "answered",
                     channel: str = "phone") -> tuple[int, int | None]:
    """The after-closure call.  Answered: the customer's verdict is stored, and
    "not satisfied" opens a new ticket linked to this one.  Unanswered: only
    the attempt is logged and the follow-up stays due.

    Returns (call id, id of the linked ticket or None)."""
    at = clock.utc_naive(now)
    with db.atomic():
        ticket = Ticket.get_by_id(ticket_id)
        if ticket.status != "closed":
            raise ValueError(f"Ticket #{ticket_id} is still open: ask about satisfaction after closing it.")
        verdict = ("satisfied" if satisfied else "not satisfied") if outcome == "answered" else ""
        call = Call.create(
            started_at=at, direction="out", outcome=outcome, channel=channel, reason=FOLLOW_UP_REASON,
            customer=ticket.customer_id, ticket=ticket_id, note=note, satisfaction=verdict,
        )
        linked = None
        if verdict:
            Ticket.update(follow_up_done_at=at, satisfaction=verdict).where(Ticket.id == ticket_id).execute()
        if verdict == "not satisfied":
            linked = Ticket.create(
                customer=ticket.customer_id, title=f"Not satisfied: {ticket.title}"[:300],
                priority="high" if ticket.priority in ("low", "normal") else ticket.priority,
                opened_at=at, technician=ticket.technician_id, reopened_from=ticket_id,
            ).id
    return call.id, linked


def set_cadence(customer_id: int, cadence: str, now, every_days: int | None = None) -> None:
    """How often we check in with this customer ("" stops the check-ins)."""
    with db.atomic():
        changed = Customer.update(
            cadence=cadence, cadence_days=every_days if cadence == "custom" else None,
            cadence_since=clock.utc_naive(now) if cadence else None,
        ).where(Customer.id == customer_id).execute()
        if not changed:
            raise ValueError(f"Customer #{customer_id} is gone.")


def log_check_in(customer_id: int, all_well: bool, note: str, now, *, outcome: str = "answered",
                 channel: str = "phone", started_at: datetime | None = None) -> int:
    """One check-in call walked through the customer's open requests."""
    at = clock.utc_naive(now)
    with db.atomic():
        call = Call.create(
            started_at=started_at or at, direction="out", outcome=outcome, channel=channel,
            reason=CHECK_IN_REASON, customer=customer_id, note=note,
            all_well=all_well if outcome == "answered" else None,
        )
        if outcome == "answered":
            settle_callbacks(customer_id, call.id, at)
    return call.id
