"""The Peewee models and the schema version.  Times are naive UTC datetimes."""

from __future__ import annotations

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    SQL,
    TextField,
)

SCHEMA_VERSION = 2  # 2: promises, waits, cadence, follow-ups, en route/ETA times

db = DatabaseProxy()


def _empty_default():
    # a NOT NULL text column added to an existing table needs an SQL default
    return [SQL("DEFAULT ''")]


class BaseModel(Model):
    class Meta:
        database = db


class Customer(BaseModel):
    id = AutoField()
    name = CharField(max_length=200)
    name_key = CharField(max_length=200, index=True)  # casefolded, for search
    company = CharField(max_length=200, default="")
    notes = TextField(default="")
    created_at = DateTimeField()
    cadence = CharField(max_length=20, default="", index=True, constraints=_empty_default())  # "" = none
    cadence_days = IntegerField(null=True)  # for a custom cadence
    cadence_since = DateTimeField(null=True)


class Phone(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, backref="phones", on_delete="CASCADE")
    e164 = CharField(max_length=20, index=True)
    reversed_digits = CharField(max_length=20, index=True)
    extension = CharField(max_length=8, default="")
    label = CharField(max_length=40, default="")

    class Meta:
        indexes = ((("customer", "e164", "extension"), True),)


class Technician(BaseModel):
    id = AutoField()
    name = CharField(max_length=120)
    phone = CharField(max_length=40, default="")
    active = BooleanField(default=True)


class Ticket(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, backref="tickets", on_delete="CASCADE")
    title = CharField(max_length=300)
    priority = CharField(max_length=10, default="normal")
    status = CharField(max_length=10, default="open")
    opened_at = DateTimeField()
    needed_by = DateTimeField(null=True)
    promised_by = DateTimeField(null=True)
    closed_at = DateTimeField(null=True)
    technician = ForeignKeyField(Technician, null=True, backref="tickets", on_delete="SET NULL")
    promised_at = DateTimeField(null=True)  # when the current promise was made
    waiting_on = CharField(max_length=10, default="", constraints=_empty_default())  # "", customer, parts
    follow_up_due = DateTimeField(null=True)  # satisfaction call, scheduled on closing
    follow_up_done_at = DateTimeField(null=True)
    satisfaction = CharField(max_length=16, default="", constraints=_empty_default())
    reopened_from = ForeignKeyField("self", null=True, backref="follow_ons", on_delete="SET NULL")

    class Meta:
        indexes = (
            (("status", "promised_by"), False),
            (("customer", "status"), False),
            (("status", "follow_up_due"), False),
            (("status", "priority", "closed_at"), False),  # expected-by: recent closed tickets
        )


class Promise(BaseModel):
    """Every promised-by ever given for a ticket: re-promising keeps the history."""

    id = AutoField()
    ticket = ForeignKeyField(Ticket, backref="promises", on_delete="CASCADE")
    promised_by = DateTimeField()
    made_at = DateTimeField()
    note = TextField(default="")


class TicketWait(BaseModel):
    """A period the ticket waited on the customer or on parts: our clocks pause."""

    id = AutoField()
    ticket = ForeignKeyField(Ticket, backref="waits", on_delete="CASCADE")
    on = CharField(max_length=10)
    started_at = DateTimeField()
    ended_at = DateTimeField(null=True)


class Visit(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, backref="visits", on_delete="CASCADE")
    ticket = ForeignKeyField(Ticket, null=True, backref="visits", on_delete="SET NULL")
    technician = ForeignKeyField(Technician, null=True, backref="visits", on_delete="SET NULL")
    window_start = DateTimeField(index=True)
    window_end = DateTimeField()
    status = CharField(max_length=12, default="scheduled")
    arrived_at = DateTimeField(null=True)
    eta = DateTimeField(null=True)
    customer_choice = CharField(max_length=20, default="")
    created_at = DateTimeField()
    en_route_at = DateTimeField(null=True)
    eta_set_at = DateTimeField(null=True)


class Call(BaseModel):
    """Every contact: inbound and outbound calls, and 'customer informed' updates."""

    id = AutoField()
    started_at = DateTimeField(index=True)
    direction = CharField(max_length=3, default="in")
    outcome = CharField(max_length=10, default="answered")
    channel = CharField(max_length=10, default="phone")
    reason = CharField(max_length=20, default="other")
    customer = ForeignKeyField(Customer, null=True, backref="calls", on_delete="SET NULL")
    phone_raw = CharField(max_length=64, default="")
    phone_e164 = CharField(max_length=20, default="")
    ticket = ForeignKeyField(Ticket, null=True, backref="calls", on_delete="SET NULL")
    visit = ForeignKeyField(Visit, null=True, backref="calls", on_delete="SET NULL")
    duration_s = IntegerField(default=0)
    note = TextField(default="")
    callback_by = DateTimeField(null=True, index=True)
    callback_done_at = DateTimeField(null=True)
    informed = BooleanField(default=False)
    all_well = BooleanField(null=True)  # check-ins: did the customer say all is well
    satisfaction = CharField(max_length=16, default="", constraints=_empty_default())  # follow-up outcome

    class Meta:
        indexes = (
            (("ticket", "started_at"), False),
            (("visit", "started_at"), False),
            (("customer", "started_at"), False),
        )


MODELS = (Customer, Phone, Technician, Ticket, Promise, TicketWait, Visit, Call)
