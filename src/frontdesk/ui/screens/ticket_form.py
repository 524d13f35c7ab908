"""`t` on the desk: open a ticket.

The customer comes from the selected row (or is found by number/name; an
unknown number creates the customer in the same save).  Dates are typed the
way people say them and shown back at once ("→ Fri 4 Dec 17:00"), so a
promise is never stored on the wrong day.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import HorizontalGroup, Vertical
from textual.widgets import Input, Label, Static

from frontdesk.domain import clock, validation
from frontdesk.ui.screens.form_base import FormScreen, field
from frontdesk.ui.screens.promise_check import PromiseCheck
from frontdesk.domain.vocabulary import PRIORITIES
from frontdesk.domain.validation import FieldError
from frontdesk.ui.widgets.choice_bar import ChoiceBar
from frontdesk.ui.widgets.error_line import ErrorLine
from frontdesk.ui.widgets.customer_field import CustomerField
from frontdesk.ui.widgets.tech_list import TechList

WHEN_HINT = "today 17:00 · tomorrow 9 · fri · fri 2pm · in 3h · 2026-12-04"


def when_preview(value: str, now, tz: str) -> Text:
    """The live line under a date field: what the text means, or why not."""
    if not value.strip():
        return Text("")
    try:
        moment = clock.parse_when(value, now, tz)
    except clock.WhenError as exc:
        return Text(f"? {exc}", style="dim")
    shown = clock.local(moment, tz)
    local_now = now.to(tz)
    fmt = "ddd D MMM HH:mm" if shown.year == local_now.year else "ddd D MMM YYYY HH:mm"
    text = Text(f"→ {shown.format(fmt)}", style="bold")
    text.append(f"  ({clock.until(moment, now, 'ago')})", style="dim")
    if moment < clock.utc_naive(now):
        text.append("  that is in the past", style="yellow")
    return text


def when_field(label: str, widget: Input, name: str) -> Vertical:
    """field() with a live line under the input saying what the typed date means."""
    return Vertical(
        Label(label, classes="field-label"),
        widget,
        ErrorLine("", id=f"preview-{name}", classes="when-preview"),
        ErrorLine("", classes="field-error", id=f"err-{name}"),
        classes="field",
        id=f"field-{name}",
    )


class WhenPreviews:
    """For forms with when_field()s (named in WHEN_FIELDS): each says what its
    typed date means while it is typed, and an error at the field replaces
    that line instead of repeating it."""

    WHEN_FIELDS: tuple[str, ...] = ()

    def on_input_changed(self, event: Input.Changed) -> None:
        name = event.input.id
        if name not in self.WHEN_FIELDS:
            return
        event.stop()
        self.query_one(f"#err-{name}", Static).update("")  # stale once the text changes
        self.query_one(f"#field-{name}").remove_class("-invalid-field")
        self.query_one(f"#preview-{name}", Static).update(
            when_preview(event.value, self.app.now(), self.app.settings.timezone))

    def show_error(self, error: FieldError) -> None:
        super().show_error(error)
        if error.field in self.WHEN_FIELDS:
            self.query_one(f"#preview-{error.field}", Static).update("")  # the error says it


class TicketForm(PromiseCheck, WhenPreviews, FormScreen[int | None]):
    """Dismisses with the new ticket's id."""

    AUTO_FOCUS = "#lookup"
    WHEN_FIELDS = ("needed", "promised")

    def __init__(self, customer_id: int | None = None) -> None:
        super().__init__()
        self.customer_id = customer_id
        if customer_id is not None:
            self.AUTO_FOCUS = "#title"

    def compose(self) -> ComposeResult:
        with Vertical(classes="form form-scroll", id="ticket-form"):
            yield Static("New ticket", classes="form-title")
            yield field("Customer (number or name)", CustomerField(self.customer_id, id="customer-field"), "customer")
            yield field("Title", Input(id="title", placeholder="What is the problem?"), "title")
            yield field("Priority (←/→ or first letter)", ChoiceBar(PRIORITIES, "normal", id="priority"), "priority")
            with HorizontalGroup(classes="when-pair"):
                yield when_field("Needed by (optional)", Input(id="needed", placeholder="e.g. fri"), "needed")
                yield when_field("Promised by (optional)", Input(id="promised", placeholder="e.g. tomorrow 17:00"),
                                 "promised")
            yield Static(Text(f"Dates like {WHEN_HINT}", style="dim"), classes="field-hint")
            yield field("Technician (↑/↓)", TechList(id="technician"), "technician")
            yield Static(Text("ctrl+s save · esc cancel · tab next field", style="dim"), classes="form-keys")
            yield from self.compose_errors()

    def on_mount(self) -> None:
        self._load_technicians()

    @work(thread=True, exclusive=True, group="db-ticket-form", exit_on_error=False)
    def _load_technicians(self) -> None:
        from frontdesk.store import queries
        from frontdesk.store.models import db

        with db.connection_context():
            rows = queries.technicians()
        self.app.call_from_thread(self.query_one("#technician", TechList).set_technicians, rows)

    def show_error(self, error: FieldError) -> None:
        super().show_error(error)
        self.query_one(CustomerField).focus_field(error.field)

    # -------------------------------------------------------------- save
    def collect(self) -> dict:
        now = self.app.now()
        tz = self.app.settings.timezone
        customer_id, new_name, parsed = self.query_one(CustomerField).resolve()
        title = validation.title(self.query_one("#title", Input).value)
        priority = validation.choice(self.query_one("#priority", ChoiceBar).value, PRIORITIES, "priority")
        needed = validation.optional_when(self.query_one("#needed", Input).value, now, tz, "needed")
        promised = validation.optional_when(self.query_one("#promised", Input).value, now, tz, "promised")
        techs = self.query_one("#technician", TechList)
        return {
            "customer_id": customer_id, "new_name": new_name, "parsed": parsed, "title": title,
            "fields": {"priority": priority, "needed_by": needed, "promised_by": promised,
                       "technician_id": techs.technician_id},
        }

    def action_save(self) -> None:
        """A promise earlier than this customer's (or everyone's) history says asks first."""
        if self.saving:
            return
        values = self.collected_or_shown()
        if values is None:
            return
        promised = values["fields"]["promised_by"]
        if promised is None or self.promise_confirmed:
            super().action_save()
            return
        self._expected_then_save(values["customer_id"], values["fields"]["priority"], promised)

    @work(thread=True, exclusive=True, group="db-expected", exit_on_error=False)
    def _expected_then_save(self, customer_id: int | None, priority: str, promised) -> None:
        from frontdesk.domain import four_times
        from frontdesk.store import queue_reads as queue_facts
        from frontdesk.store.models import db

        app = self.app
        try:
            with db.connection_context():
                own, everyone = queue_facts.close_durations(customer_id, priority)
        except Exception:  # history is advice: never block the save on it
            own, everyone = [], []
        expected = four_times.expected_by(clock.utc_naive(app.now()), own, everyone)
        app.call_from_thread(self.check_promise, promised, expected, super().action_save)

    def save(self, values: dict) -> int:
        from frontdesk.store import writes

        now = self.app.now()
        if values["customer_id"] is None:
            return writes.create_ticket_for_new_customer(values["new_name"], values["parsed"], values["title"], now,
                                                         **values["fields"])
        return writes.create_ticket(values["customer_id"], values["title"], now, **values["fields"])
