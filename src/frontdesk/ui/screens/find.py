"""`/` on the desk: find a customer (name, or a number in any format, or its
last digits) or a ticket ("#12", "12" or words of its title).

Results appear as you type; ↓ moves into the list, enter opens the details.
Dismisses with ("customer", id) / ("ticket", id), or None on escape.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from frontdesk.domain.textsafe import visible
from frontdesk.ui.widgets.error_line import ErrorLine

LIMIT = 20


def search(text: str, region: str) -> tuple[list, list]:
    """(customers, tickets) matching `text` — call inside a connection."""
    from frontdesk.store import queries

    stripped = text.strip()
    if not stripped or "\x00" in stripped:
        return [], []
    customers = queries.find_customers(stripped, region, LIMIT)
    tickets = queries.find_tickets(stripped, LIMIT)
    return customers, tickets


def customer_label(row) -> Text:
    label = Text("customer  ", style="dim", no_wrap=True, overflow="ellipsis")
    label.append(visible(row.name, limit=50), style="bold")
    if row.company:
        label.append("  · " + visible(row.company, limit=30), style="italic")
    if row.phones:
        label.append("  " + row.phones[0], style="dim")
    return label


def ticket_label(row) -> Text:
    label = Text(f"ticket #{row.id}  ", style="dim", no_wrap=True, overflow="ellipsis")
    label.append(visible(row.title, limit=60))
    label.append("  " + visible(row.customer_name, limit=30), style="italic")
    if row.status != "open":
        label.append(f"  ({row.status})", style="dim")
    return label


class FindScreen(ModalScreen[tuple[str, int] | None]):
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("down", "into_list", "Results", show=False),
    ]
    AUTO_FOCUS = "#find-input"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="find-box"):
            yield Static("Find a customer, number or ticket", classes="form-title")
            yield Input(id="find-input", placeholder="name, phone (any format, or last digits), #ticket or title words")
            yield ErrorLine("", id="find-status")
            yield OptionList(id="find-results", markup=False)
            yield Static(Text("type to search · ↓ into the results · enter open · esc close", style="dim"),
                         classes="form-keys")

    def on_mount(self) -> None:
        self.query_one("#find-results").display = False

    @on(Input.Changed, "#find-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if not event.value.strip():
            self.workers.cancel_group(self, "db-find")
            self._show(event.value, [], [])
            return
        self._search(event.value)

    @work(thread=True, exclusive=True, group="db-find", exit_on_error=False)
    def _search(self, text: str) -> None:
        from frontdesk.store.models import db

        app = self.app
        try:
            with db.connection_context():
                customers, tickets = search(text, app.settings.region)
        except Exception as exc:
            app.call_from_thread(self._failed, text, exc)
            return
        if get_current_worker().is_cancelled:
            return
        app.call_from_thread(self._show, text, customers, tickets)

    def _failed(self, text: str, error: Exception) -> None:
        if self.query_one("#find-input", Input).value == text:
            self.query_one("#find-status", Static).update(Text(f"Could not search: {error}", style="bold red"))

    def _show(self, text: str, customers: list, tickets: list) -> None:
        if self.query_one("#find-input", Input).value != text:
            return  # typing moved on; a newer search is coming
        results = self.query_one("#find-results", OptionList)
        status = self.query_one("#find-status", Static)
        results.clear_options()
        results.add_options(Option(customer_label(c), id=f"customer-{c.id}") for c in customers)
        results.add_options(Option(ticket_label(t), id=f"ticket-{t.id}") for t in tickets)
        found = results.option_count
        results.display = bool(found)
        if not text.strip():
            status.update("")
        elif not found:
            status.update(Text("Nothing matches", style="yellow"))
        else:
            what = f"{len(customers)} customer{'s' if len(customers) != 1 else ''}, " \
                   f"{len(tickets)} ticket{'s' if len(tickets) != 1 else ''}"
            status.update(Text(f"{what} — ↓ then enter to open", style="dim"))

    def action_into_list(self) -> None:
        results = self.query_one("#find-results", OptionList)
        if results.option_count and not results.has_focus:
            results.focus()
            if results.highlighted is None:
                results.highlighted = 0

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        results = self.query_one("#find-results", OptionList)
        if results.option_count == 1:
            self._open(results.get_option_at_index(0).id)
        elif results.option_count:
            self.action_into_list()

    @on(OptionList.OptionSelected, "#find-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(event.option.id)

    def _open(self, option_id: str | None) -> None:
        if not option_id:
            return
        kind, _, ident = option_id.partition("-")
        self.dismiss((kind, int(ident)))

    def action_close(self) -> None:
        self.dismiss(None)
