"""`i` on the desk: record that the customer was told where things stand.

Opened on a ticket or a visit.  The top lines say what it is about (for a
visit: the window, the technician and whether they are running late); the
note says what the customer was told.  Saving adds an outbound contact on
the ticket/visit and settles any callback owed to that customer.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from frontdesk.domain import clock, rules, validation
from frontdesk.ui.screens.form_base import FormScreen, field
from frontdesk.domain.vocabulary import CHANNELS, VISIT_CHOICES
from frontdesk.domain.textsafe import visible
from frontdesk.ui.widgets.choice_bar import ChoiceBar

NO_CHOICE = "(none)"


class InformedForm(FormScreen[int | None]):
    """Dismisses with the id of the new (outbound) call."""

    AUTO_FOCUS = "#note"

    def __init__(self, ticket_id: int | None = None, visit_id: int | None = None) -> None:
        if ticket_id is None and visit_id is None:
            raise ValueError("InformedForm needs a ticket or a visit.")
        super().__init__()
        self.ticket_id = ticket_id
        self.visit_id = visit_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="form form-scroll", id="informed-form"):
            yield Static("Customer informed", classes="form-title")
            yield Static(Text("loading…", style="dim"), id="about")
            yield field("What they were told", TextArea(id="note", soft_wrap=True, tab_behavior="focus"), "note")
            yield field("Channel (←/→ or first letter)", ChoiceBar(CHANNELS, "phone", id="channel"), "channel")
            if self.visit_id is not None:
                yield field("If the technician runs late, the customer chose",
                            ChoiceBar((NO_CHOICE, *VISIT_CHOICES), NO_CHOICE, id="choice"), "choice")
            yield Static(Text("ctrl+s save · esc cancel · tab next field", style="dim"), classes="form-keys")
            yield from self.compose_errors()

    def on_mount(self) -> None:
        self._load()

    # ------------------------------------------------------------- about
    @work(thread=True, exclusive=True, group="db-informed", exit_on_error=False)
    def _load(self) -> None:
        from frontdesk.store import queries
        from frontdesk.store.models import db

        app = self.app
        try:
            with db.connection_context():
                if self.visit_id is not None:
                    record = queries.get_visit(self.visit_id)
                else:
                    record = queries.get_ticket(self.ticket_id)
        except Exception as exc:
            app.call_from_thread(self.show_form_error, f"Could not read the database: {exc}")
            return
        app.call_from_thread(self._show_about, record, app.now())

    def _show_about(self, record, now) -> None:
        about = self.query_one("#about", Static)
        if record is None:
            what = "visit" if self.visit_id is not None else "ticket"
            about.update(Text(f"That {what} no longer exists (deleted at another desk?). Press esc.", style="bold red"))
            return
        tz = self.app.settings.timezone
        text = Text()
        text.append(visible(record.customer_name, limit=80), style="bold")
        if self.visit_id is not None:
            state = rules.visit_state(record, now)
            day = clock.local(record.window_start, tz).format("ddd D MMM")
            text.append(f"\nVisit {day} {rules.window_text(record, tz)}  ·  ")
            text.append(visible(record.technician_name or "no technician yet", limit=40))
            text.append("  ·  ")
            text.append(state.describe(), style="bold red" if state.is_late else "")
            if record.eta is not None:
                text.append(f"  ·  ETA {clock.hhmm(record.eta, tz)}")
            if record.ticket_id:
                text.append(f"\nTicket #{record.ticket_id} ")
                text.append(visible(record.ticket_title, limit=70))
            if record.customer_choice and record.customer_choice in VISIT_CHOICES:
                bar = self.query_one("#choice", ChoiceBar)
                if bar.value == NO_CHOICE:
                    bar.value = record.customer_choice
        else:
            text.append(f"\nTicket #{record.id} ")
            text.append(visible(record.title, limit=70))
            text.append(f"  ·  {record.priority}")
            broken = rules.promise_broken(record, now)
            text.append(f"  ·  promised {rules.promise_text(record, now)}", style="bold red" if broken else "")
        if record.last_informed is None:
            text.append("\nNever informed yet", style="yellow")
        else:
            text.append(f"\nLast {rules.informed_text(record.last_informed, now)}", style="dim")
        about.update(text)

    # -------------------------------------------------------------- save
    def collect(self) -> dict:
        note = validation.required_note(self.query_one("#note", TextArea).text)
        channel = validation.choice(self.query_one("#channel", ChoiceBar).value, CHANNELS, "channel")
        choice = ""
        if self.visit_id is not None:
            picked = self.query_one("#choice", ChoiceBar).value
            choice = "" if picked == NO_CHOICE else validation.choice(picked, VISIT_CHOICES, "choice")
        return {"note": note, "channel": channel, "choice": choice}

    def save(self, values: dict) -> int:
        from frontdesk.store import writes

        return writes.mark_informed(
            self.app.now(), note=values["note"], channel=values["channel"], ticket_id=self.ticket_id,
            visit_id=self.visit_id, choice=values["choice"],
        )
