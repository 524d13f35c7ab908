"""Logging one call from outside the app (`frontdesk log`, phone systems, scripts).

Same checks as the call form (validation.py) and the same save
(writes.log_call); recognising the caller and saving happen in one
transaction, so two writers logging the same new number never create the
customer twice.  No Textual here.
"""

from __future__ import annotations

from frontdesk.domain import clock, phones, rules, validation
from frontdesk.store import writes
from frontdesk.domain.vocabulary import DIRECTIONS, OUTCOMES, REASONS
from frontdesk.store.models import Customer, Phone, Ticket, db
from frontdesk.domain.validation import FieldError


def check(phone: str, *, region: str, name: str | None = None, direction: str = "in",
          outcome: str = "answered", reason: str = "other", note: str = "") -> dict:
    """Everything that can be checked without the database; FieldError names the option."""
    for option, value in (("--phone", phone), ("--name", name or ""), ("--note", note), ("--reason", reason),
                          ("--direction", direction), ("--outcome", outcome)):
        if "\x00" in value:
            raise FieldError(option, "contains a NUL character; remove it.")
    parsed = validation.phone(phone, region, field="--phone")
    values = {
        "phone": parsed,
        "direction": validation.choice(direction, DIRECTIONS, "--direction"),
        "outcome": validation.choice(outcome, OUTCOMES, "--outcome"),
        "reason": validation.choice(reason, REASONS, "--reason"),
        "note": validation.note(note, field="--note"),
        "name": validation.name(name, field="--name") if name is not None else None,
    }
    return values


def log(phone: str, now, *, region: str, name: str | None = None, direction: str = "in",
        outcome: str = "answered", reason: str = "other", ticket_id: int | None = None, note: str = "",
        customer_id: int | None = None) -> int:
    """Check, recognise the caller, save; returns the new call's id (FieldError on bad input)."""
    values = check(phone, region=region, name=name, direction=direction, outcome=outcome, reason=reason,
                   note=note)
    parsed: phones.ParsedPhone = values["phone"]
    draft = writes.CallDraft(started_at=clock.utc_naive(now), phone_raw=phone, phone=parsed,
                             direction=values["direction"], outcome=values["outcome"], reason=values["reason"],
                             note=values["note"])
    with db.atomic():  # BEGIN IMMEDIATE: the lookup and the save see the same database
        if customer_id is not None:
            if not Customer.select().where(Customer.id == customer_id).exists():
                raise FieldError("--customer", f"there is no customer #{customer_id}.")
            draft.customer_id = customer_id
        else:
            owners = [p.customer_id for p in
                      Phone.select(Phone.customer).where(Phone.e164 == parsed.e164).distinct().order_by(Phone.customer)]
            if len(owners) > 1:
                who = ", ".join(f"#{c.id} {c.name}" for c in Customer.select().where(Customer.id.in_(owners)))
                raise FieldError("--phone", f"the number belongs to several customers ({who}); "
                                            "say which with --customer ID.")
            if owners:
                draft.customer_id = owners[0]
            elif values["name"] is not None:
                draft.new_customer_name = values["name"]
            elif rules.new_caller_needs_name(draft.direction, draft.outcome):
                raise FieldError("--name", "a new caller we spoke to needs a name (the number is not known).")
        if ticket_id is not None:
            ticket = Ticket.get_or_none(Ticket.id == ticket_id)
            if ticket is None:
                raise FieldError("--ticket", f"there is no ticket #{ticket_id}.")
            if draft.customer_id is None or ticket.customer_id != draft.customer_id:
                raise FieldError("--ticket", f"ticket #{ticket_id} belongs to another customer.")
            draft.ticket_id = ticket_id
        return writes.log_call(draft, now)
