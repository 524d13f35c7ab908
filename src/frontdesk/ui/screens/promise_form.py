"""`p` on a ticket: promise (or re-promise) a date.

Shows the ticket's four times (needed by, expected by from history, promised
by, closed) and every promise made so far.  A promise earlier than history
says is likely asks first — the receptionist may still give it.  Re-promising
keeps the old promises: a ticket promised three times is a trust problem,
and the desk should see it.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from frontdesk.domain import clock, four_times, validation
from frontdesk.ui.screens.form_base import FormScreen, field
from frontdesk.ui.screens.promise_check import PromiseCheck
from frontdesk.ui.screens.ticket_form import WHEN_HINT, WhenPreviews, when_field
from frontdesk.domain.textsafe import visible


class PromiseForm(PromiseCheck, WhenPreviews, FormScreen[int | None]):
    """Dismisses with how many promises the ticket has had."""

    AUTO_FOCUS = "#promised"
    WHEN_FIELDS = ("promised",)

    def __init__(self, ticket_id: int) -> None:
        super().__init__()
        self.ticket_id = ticket_id
        self.ticket = None
        self.expected = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="form form-scroll", id="promise-form"):
            yield Static("Promise a date", classes="form-title")
            yield Static(Text("loading…", style="dim"), id="about")
            yield when_field("Promised by", Input(id="promised", placeholder="e.g. tomorrow 17:00"), "promised")
            yield Static(Text(f"Dates like {WHEN_HINT}", style="dim"), classes="field-hint")
            yield field("Note (optional: why this date)", Input(id="note"), "note")
            yield Static(Text("ctrl+s save · esc cancel · tab next field", style="dim"), classes="form-keys")
            yield from self.compose_errors()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="db-promise", exit_on_error=False)
    def _load(self) -> None:
        from frontdesk.store import queries, queue_reads as queue_facts
        from frontdesk.store.models import db

        app = self.app
        try:
            with db.connection_context():
                ticket = queries.get_ticket(self.ticket_id)
                history = queue_facts.ticket_history(self.ticket_id)
        except Exception as exc:
            app.call_from_thread(self.show_form_error, f"Could not read the database: {exc}")
            return
        app.call_from_thread(self._show, ticket, history)

    def _show(self, ticket, history) -> None:
        about = self.query_one("#about", Static)
        if ticket is None or history is None:
            about.update(Text("That ticket no longer exists (deleted at another desk?). Press esc.", style="bold red"))
            return
        self.ticket = ticket
        self.expected = four_times.expected_by(ticket.opened_at, history.own_durations, history.all_durations)
        about.update(ticket_story(ticket, history, self.expected, self.app.now(), self.app.settings.timezone))

    # -------------------------------------------------------------- save
    def collect(self) -> dict:
        value = self.query_one("#promised", Input).value
        promised = validation.optional_when(value, self.app.now(), self.app.settings.timezone, "promised")
        if promised is None:
            raise validation.FieldError("promised", "Enter the date you promise, e.g. 'tomorrow 17:00' or 'fri'.")
        note = validation.optional_text(self.query_one("#note", Input).value, "note", "the note", 500)
        return {"promised_by": promised, "note": note}

    def action_save(self) -> None:
        if self.saving:
            return
        values = self.collected_or_shown()
        if values is None:
            return
        self.check_promise(values["promised_by"], self.expected, super().action_save)

    def save(self, values: dict) -> int:
        from frontdesk.store import writes

        try:
            return writes.set_promise(self.ticket_id, values["promised_by"], self.app.now(), note=values["note"])
        except ValueError as exc:  # closed at another desk meanwhile: say so plainly, keep the typing
            raise validation.FieldError("form", str(exc)) from None


def ticket_story(ticket, history, expected, now, tz: str) -> Text:
    """The ticket, its four times and its promises, as lines of literal text."""
    text = Text()
    text.append(visible(ticket.customer_name, limit=60), style="bold")
    text.append(f"  ·  #{ticket.id} ")
    text.append(visible(ticket.title, limit=60))
    text.append(f"  ·  {ticket.priority}")
    for label, value in four_times.four_times(ticket, expected, tz):
        text.append(f"\n  {label:<21}", style="dim")
        text.append(visible(value, limit=80))
    if history.promises:
        count = len(history.promises)
        text.append(f"\nPromises made: {count}", style="bold magenta" if count > 1 else "dim")
        for made_at, promised_by, note in history.promises[-4:]:
            text.append(f"\n  {clock.local(made_at, tz).format('ddd D MMM HH:mm')} → "
                        f"{clock.local(promised_by, tz).format('ddd D MMM HH:mm')}", style="dim")
            if note:
                text.append("  ")
                text.append(visible(note, limit=50), style="dim italic")
    for wait in history.waits[-2:]:
        end = clock.local(wait.ended_at, tz).format("ddd D MMM HH:mm") if wait.ended_at else "now"
        text.append(f"\n  waited on {wait.on}: {clock.local(wait.started_at, tz).format('ddd D MMM HH:mm')} – {end}",
                    style="cyan")
    return text
