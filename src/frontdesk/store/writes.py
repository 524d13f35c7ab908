"""Every save the desk makes: one function, one transaction, each.

Callers pass already-validated values (see validation.py).  Each function
commits before it returns, so a form may close as soon as it gets the id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from frontdesk.domain import clock, phones, rules
from frontdesk.domain.vocabulary import UPDATE_REASON
from frontdesk.store.models import Call, Customer, Phone, Promise, Technician, Ticket, TicketWait, Visit, db


@dataclass
class CallDraft:
    """What the call form collected."""

    started_at: datetime
    phone_raw: str = ""
    phone: phones.ParsedPhone | None = None
    customer_id: int | None = None
    new_customer_name: str = ""       # create the customer in the same save
    direction: str = "in"
    outcome: str = "answered"
    reason: str = "other"
    ticket_id: int | None = None
    new_ticket_title: str = ""        # "new ticket" in the same save
    callback_by: datetime | None = None
    duration_s: int = 0
    note: str = ""
    all_well: bool | None = None      # check-ins: the customer said all is well


def _add_phone(customer_id: int, parsed: phones.ParsedPhone, label: str = "") -> None:
    exists = Phone.select().where(
        (Phone.customer == customer_id) & (Phone.e164 == parsed.e164) & (Phone.extension == parsed.extension)
    ).exists()
    if not exists:
        Phone.create(
            customer=customer_id, e164=parsed.e164, reversed_digits=parsed.reversed_digits,
            extension=parsed.extension, label=label,
        )


def _new_customer(name: str, now: datetime, company: str = "", notes: str = "") -> Customer:
    return Customer.create(name=name, name_key=name.strip().casefold(), company=company, notes=notes,
                           created_at=now)


def create_customer(name: str, parsed: phones.ParsedPhone | None, now, company: str = "",
                    notes: str = "") -> int:
    with db.atomic():
        customer = _new_customer(name, clock.utc_naive(now), company, notes)
        if parsed is not None and parsed.valid:
            _add_phone(customer.id, parsed)
    return customer.id


def update_customer(customer_id: int, name: str, company: str, notes: str) -> None:
    with db.atomic():
        Customer.update(name=name, name_key=name.strip().casefold(), company=company, notes=notes).where(
            Customer.id == customer_id
        ).execute()


def add_phone(customer_id: int, parsed: phones.ParsedPhone, label: str = "") -> None:
    with db.atomic():
        _add_phone(customer_id, parsed, label)


def log_call(draft: CallDraft, now) -> int:
    """Save one call (and the customer / ticket it creates) atomically."""
    saved_at = clock.utc_naive(now)
    with db.atomic():
        customer_id = draft.customer_id
        if customer_id is None and draft.new_customer_name.strip():
            customer_id = _new_customer(draft.new_customer_name, saved_at).id
        if customer_id is not None and draft.phone is not None and draft.phone.valid:
            _add_phone(customer_id, draft.phone)
        ticket_id = draft.ticket_id
        if ticket_id is None and draft.new_ticket_title.strip():
            if customer_id is None:
                raise ValueError("A new ticket needs a customer.")
            ticket_id = Ticket.create(customer=customer_id, title=draft.new_ticket_title, opened_at=saved_at).id
        callback_by = draft.callback_by
        if callback_by is None and rules.owes_callback(draft.direction, draft.outcome):
            callback_by = draft.started_at
        call = Call.create(
            started_at=draft.started_at,
            direction=draft.direction,
            outcome=draft.outcome,
            reason=draft.reason,
            customer=customer_id,
            phone_raw=draft.phone_raw,
            phone_e164=draft.phone.e164 if draft.phone and draft.phone.valid else "",
            ticket=ticket_id,
            duration_s=draft.duration_s,
            note=draft.note,
            callback_by=callback_by,
            all_well=draft.all_well,
        )
        if draft.outcome == "answered":
            settle_callbacks(customer_id, call.id, saved_at, call.phone_e164)
    return call.id


def settle_callbacks(customer_id: int | None, except_id: int, at: datetime, e164: str = "") -> None:
    """An answered conversation with the customer (or, for a caller we never
    named, with the same number) makes the callbacks we owed them."""
    owed = Call.callback_by.is_null(False) & Call.callback_done_at.is_null() & (Call.id != except_id)
    # two updates, not one OR: each then reads only the few callbacks owed (a partial index)
    if customer_id is not None:
        Call.update(callback_done_at=at).where(owed & (Call.customer == customer_id)).execute()
    if e164:
        Call.update(callback_done_at=at).where(owed & Call.customer.is_null() & (Call.phone_e164 == e164)).execute()


def complete_callback(call_id: int, now) -> None:
    with db.atomic():
        Call.update(callback_done_at=clock.utc_naive(now)).where(Call.id == call_id).execute()


def mark_informed(now, *, note: str, channel: str = "phone", ticket_id: int | None = None,
                  visit_id: int | None = None, choice: str = "") -> int:
    """Record that the customer was told (an outbound contact on the ticket/visit)."""
    if ticket_id is None and visit_id is None:
        raise ValueError("Informed about what? Give a ticket or a visit.")
    at = clock.utc_naive(now)
    with db.atomic():
        if visit_id is not None:
            visit = Visit.get_by_id(visit_id)
            customer_id = visit.customer_id
            ticket_id = ticket_id or visit.ticket_id
            if choice:
                Visit.update(customer_choice=choice).where(Visit.id == visit_id).execute()
        else:
            customer_id = Ticket.get_by_id(ticket_id).customer_id
        call = Call.create(
            started_at=at, direction="out", outcome="answered", channel=channel, reason=UPDATE_REASON,
            customer=customer_id, ticket=ticket_id, visit=visit_id, note=note, informed=True,
        )
        settle_callbacks(customer_id, call.id, at)
    return call.id


def create_ticket(customer_id: int, title: str, now, *, priority: str = "normal",
                  needed_by: datetime | None = None, promised_by: datetime | None = None,
                  technician_id: int | None = None) -> int:
    at = clock.utc_naive(now)
    with db.atomic():
        ticket = Ticket.create(
            customer=customer_id, title=title, priority=priority, opened_at=at,
            needed_by=needed_by, promised_by=promised_by, technician=technician_id,
            promised_at=at if promised_by else None,
        )
        if promised_by is not None:
            Promise.create(ticket=ticket.id, promised_by=promised_by, made_at=at)
    return ticket.id


def set_promise(ticket_id: int, promised_by: datetime, now, note: str = "") -> int:
    """A new promised-by for an open ticket; earlier promises stay in its history.
    Returns how many promises the ticket has now had."""
    at = clock.utc_naive(now)
    with db.atomic():
        changed = Ticket.update(promised_by=promised_by, promised_at=at).where(
            (Ticket.id == ticket_id) & (Ticket.status == "open")
        ).execute()
        if not changed:
            raise ValueError(f"Ticket #{ticket_id} is closed or gone; reopen it before promising again.")
        Promise.create(ticket=ticket_id, promised_by=promised_by, made_at=at, note=note)
        return Promise.select().where(Promise.ticket == ticket_id).count()


def set_waiting(ticket_id: int, on: str, now) -> None:
    """Pause our clocks while waiting on the customer or on parts; on="" resumes."""
    at = clock.utc_naive(now)
    with db.atomic():
        ticket = Ticket.get_by_id(ticket_id)
        if ticket.waiting_on == on:
            return
        _end_wait(ticket_id, at)
        if on:
            TicketWait.create(ticket=ticket_id, on=on, started_at=at)
        Ticket.update(waiting_on=on).where(Ticket.id == ticket_id).execute()


def _end_wait(ticket_id: int, at: datetime) -> None:
    TicketWait.update(ended_at=at).where((TicketWait.ticket == ticket_id) & TicketWait.ended_at.is_null()).execute()


def close_ticket(ticket_id: int, now, follow_up_due: datetime | None = None) -> bool:
    """Close an open ticket and schedule its satisfaction follow-up; False when
    it was already closed (and then no second follow-up is scheduled)."""
    at = clock.utc_naive(now)
    with db.atomic():
        changed = Ticket.update(status="closed", closed_at=at, waiting_on="", follow_up_due=follow_up_due,
                                follow_up_done_at=None).where(
            (Ticket.id == ticket_id) & (Ticket.status == "open")
        ).execute()
        if changed:
            _end_wait(ticket_id, at)
    return bool(changed)


def create_visit(customer_id: int, start: datetime, end: datetime, now, *, ticket_id: int | None = None,
                 technician_id: int | None = None) -> int:
    with db.atomic():
        visit = Visit.create(
            customer=customer_id, ticket=ticket_id, technician=technician_id, window_start=start,
            window_end=end, created_at=clock.utc_naive(now),
        )
    return visit.id


def mark_arrived(visit_id: int, now) -> bool:
    """Record the technician's arrival; False when already arrived or cancelled."""
    with db.atomic():
        changed = Visit.update(status="on site", arrived_at=clock.utc_naive(now)).where(
            (Visit.id == visit_id) & Visit.arrived_at.is_null() & Visit.status.not_in(("cancelled", "done"))
        ).execute()
    return bool(changed)


def mark_en_route(visit_id: int, now, eta: datetime | None = None) -> bool:
    """The technician is on the way (with an ETA when they gave one); False
    when the visit already arrived, finished or was cancelled."""
    at = clock.utc_naive(now)
    with db.atomic():
        changed = Visit.update(status="en route", en_route_at=at, eta=eta, eta_set_at=at if eta else None).where(
            (Visit.id == visit_id) & Visit.arrived_at.is_null() & Visit.status.in_(("scheduled", "en route"))
        ).execute()
    return bool(changed)


def set_visit_status(visit_id: int, status: str, eta: datetime | None = None) -> None:
    with db.atomic():
        changes: dict = {"status": status}
        if eta is not None:
            changes["eta"] = eta
        Visit.update(**changes).where(Visit.id == visit_id).execute()


def save_technician(name: str, phone: str = "", technician_id: int | None = None, active: bool = True) -> int:
    with db.atomic():
        if technician_id is None:
            return Technician.create(name=name, phone=phone, active=active).id
        Technician.update(name=name, phone=phone, active=active).where(Technician.id == technician_id).execute()
        return technician_id


def create_ticket_for_new_customer(name: str, parsed: phones.ParsedPhone | None, title: str, now,
                                   **ticket_fields) -> int:
    """A new caller's first ticket: the customer (and number) and the ticket, in one transaction."""
    with db.atomic():
        customer_id = create_customer(name, parsed, now)  # nested atomic: a savepoint
        return create_ticket(customer_id, title, now, **ticket_fields)


def create_visit_for_new_customer(name: str, parsed: phones.ParsedPhone | None, start: datetime,
                                  end: datetime, now, **visit_fields) -> int:
    """A new customer and their first arrival window, in one transaction."""
    with db.atomic():
        customer_id = create_customer(name, parsed, now)
        return create_visit(customer_id, start, end, now, **visit_fields)


def set_technician_active(technician_id: int, active: bool) -> bool:
    """Deactivate (kept on old tickets, hidden from new ones) or reactivate."""
    with db.atomic():
        changed = Technician.update(active=active).where(Technician.id == technician_id).execute()
    return bool(changed)
