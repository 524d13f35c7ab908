"""`w` on the desk: book an arrival window (a technician's visit).

The day and the times are typed as people say them ("tomorrow", "fri",
"10", "2pm") and read back at once; a window wider than two hours (see
[thresholds] wide_window_hours) is flagged while typing and asks before it is
booked, because customers accept 1–2 h and a half-day window costs goodwill.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import HorizontalGroup, Vertical
from textual.widgets import Input, Static

from frontdesk.domain import clock, rules, validation
from frontdesk.ui.screens.form_base import FormScreen, field
from frontdesk.domain.textsafe import visible
from frontdesk.domain.validation import FieldError
from frontdesk.ui.widgets.customer_field import CustomerField
from frontdesk.ui.widgets.error_line import ErrorLine
from frontdesk.ui.widgets.tech_list import TechList

WIDE_WARNING = "customers accept 1–2 h; wide windows cost goodwill"


class VisitForm(FormScreen[int | None]):
    """Dismisses with the new visit's id."""

    AUTO_FOCUS = "#lookup"

    def __init__(self, customer_id: int | None = None, ticket_id: int | None = None) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.ticket_id = ticket_id
        if customer_id is not None:
            self.AUTO_FOCUS = "#technician"

    def compose(self) -> ComposeResult:
        with Vertical(classes="form form-scroll", id="visit-form"):
            yield Static("New arrival window", classes="form-title")
            # a visit for a ticket is for that ticket's customer
            yield field("Customer (number or name)",
                        CustomerField(self.customer_id, changeable=self.ticket_id is None, id="customer-field"),
                        "customer")
            if self.ticket_id is not None:
                yield Static(Text(f"Ticket #{self.ticket_id}", style="dim"), id="ticket-line")
            yield field("Technician (↑/↓)", TechList(id="technician"), "technician")
            with HorizontalGroup(classes="window-row"):
                yield field("Day", Input("today", id="day", placeholder="today, tomorrow, fri, 2026-12-04"), "day")
                yield field("From", Input(id="start", placeholder="e.g. 10"), "start")
                yield field("To", Input(id="end", placeholder="e.g. 12"), "end")
            yield ErrorLine("", id="window-preview")
            yield Static(Text(WIDE_WARNING, style="bold yellow"), id="wide-warning")
            yield Static(Text("e.g. today · tomorrow · fri · 2026-12-04 — 10 · 10:30 · 2pm", style="dim"),
                         classes="field-hint")
            yield Static(Text("ctrl+s save · esc cancel · tab next field", style="dim"), classes="form-keys")
            yield from self.compose_errors()

    def on_mount(self) -> None:
        self.query_one("#wide-warning").display = False
        self._load()

    @work(thread=True, exclusive=True, group="db-visit-form", exit_on_error=False)
    def _load(self) -> None:
        from frontdesk.store import queries
        from frontdesk.store.models import db

        with db.connection_context():
            rows = queries.technicians()
            ticket = queries.get_ticket(self.ticket_id) if self.ticket_id is not None else None
        self.app.call_from_thread(self._loaded, rows, ticket)

    def _loaded(self, rows, ticket) -> None:
        techs = self.query_one("#technician", TechList)
        techs.set_technicians(rows, ticket.technician_id if ticket else None, allow_none=False)
        if self.ticket_id is not None:
            line = Text(f"Ticket #{self.ticket_id} ", style="bold")
            if ticket is None:
                line.append("no longer exists — the visit will not be linked to it", style="yellow")
                self.ticket_id = None
            else:
                line.append(visible(ticket.title, limit=80))
                line.append(f"  ·  {ticket.priority}", style="dim")
            self.query_one("#ticket-line", Static).update(line)

    # ----------------------------------------------------------- preview
    @on(Input.Changed, "#day, #start, #end")
    def _window_typed(self, event: Input.Changed) -> None:
        event.stop()
        for name in ("day", "start", "end"):  # stale once the text changes
            self.query_one(f"#err-{name}", Static).update("")
            self.query_one(f"#field-{name}").remove_class("-invalid-field")
        self._preview()

    def _preview(self) -> None:
        preview = self.query_one("#window-preview", Static)
        warning = self.query_one("#wide-warning")
        day, start, end = (self.query_one(f"#{name}", Input).value for name in ("day", "start", "end"))
        warning.display = False
        if not start.strip() or not end.strip():
            preview.update("")
            return
        now = self.app.now()
        tz = self.app.settings.timezone
        try:
            begin, finish = validation.window(day, start, end, now, tz)
        except FieldError as error:
            preview.update(Text(f"? {error.message}", style="dim"))
            return
        shown = clock.local(begin, tz)
        text = Text(f"→ {shown.format('ddd D MMM')} {clock.hhmm(begin, tz)}–{clock.hhmm(finish, tz)}", style="bold")
        text.append(f"  ({clock.span((finish - begin).total_seconds())})", style="dim")
        if finish <= clock.utc_naive(now):
            text.append("  that window has already passed", style="yellow")
        preview.update(text)
        warning.display = rules.window_is_wide(begin, finish, self.app.settings.thresholds.wide_window_hours)

    def show_error(self, error: FieldError) -> None:
        super().show_error(error)
        if error.field in ("day", "start", "end"):
            self.query_one("#window-preview", Static).update("")  # the error says it
        self.query_one(CustomerField).focus_field(error.field)

    # -------------------------------------------------------------- save
    def collect(self) -> dict:
        now = self.app.now()
        tz = self.app.settings.timezone
        customer_id, new_name, parsed = self.query_one(CustomerField).resolve()
        techs = self.query_one("#technician", TechList)
        if not techs.loaded:
            raise FieldError("technician", "Still reading the technicians — press ctrl+s again in a moment.")
        if techs.count and techs.technician_id is None:
            raise FieldError("technician", "Choose who is going (↑/↓).")
        start, end = validation.window(*(self.query_one(f"#{name}", Input).value for name in ("day", "start", "end")),
                                       now, tz)
        return {"customer_id": customer_id, "new_name": new_name, "parsed": parsed, "start": start, "end": end,
                "fields": {"ticket_id": self.ticket_id, "technician_id": techs.technician_id}}

    wide_confirmed = False

    def action_save(self) -> None:
        """A wide window asks first; the receptionist may still book it."""
        if self.saving or self.wide_confirmed:
            super().action_save()
            return
        values = self.collected_or_shown()
        if values is None:
            return
        hours = (values["end"] - values["start"]).total_seconds() / 3600
        if not rules.window_is_wide(values["start"], values["end"], self.app.settings.thresholds.wide_window_hours):
            super().action_save()
            return
        from frontdesk.ui.screens.confirm import ConfirmScreen

        def decided(yes: bool | None) -> None:
            if yes:
                self.wide_confirmed = True
                super(VisitForm, self).action_save()

        self.app.push_screen(ConfirmScreen(
            f"A {hours:g} h window? Customers accept 1–2 h; {hours:g} h windows cost goodwill. "
            "Book it anyway, or narrow it?", yes="Book it", no="Narrow it"), decided)

    def save(self, values: dict) -> int:
        from frontdesk.store import writes

        now = self.app.now()
        if values["customer_id"] is None:
            return writes.create_visit_for_new_customer(values["new_name"], values["parsed"], values["start"],
                                                        values["end"], now, **values["fields"])
        return writes.create_visit(values["customer_id"], values["start"], values["end"], now, **values["fields"])
