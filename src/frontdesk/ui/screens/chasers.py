"""The tickets customers had to chase us about: inbound "status inquiry"
calls of the last 7 days, most chased first.

Each is news we should have given before they called.  The top line gives
today's count and its share of inbound calls, and the 7-day share.  Enter on
a row dismisses with ("ticket", id); escape dismisses None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from frontdesk.domain import clock, desk_metrics
from frontdesk.domain.textsafe import visible
from frontdesk.ui.widgets.error_line import ErrorLine


@dataclass(frozen=True)
class ChasedTicket:
    ticket_id: int
    customer_name: str
    title: str
    calls: int  # chasing calls in the last 7 days
    last_at: datetime


@dataclass(frozen=True)
class ChaserSummary:
    today: desk_metrics.ChaserStats
    week: desk_metrics.ChaserStats
    tickets: list[ChasedTicket]
    unlinked: int  # chasing calls in the last 7 days not linked to a ticket


def summarise(facts) -> ChaserSummary:
    """The figures and the rows, from queue_facts.chaser_facts (the rule is desk_metrics')."""
    today = desk_metrics.chasers(facts.calls, facts.closed_at, facts.today_start, facts.end)
    week = desk_metrics.chasers(facts.calls, facts.closed_at, facts.week_start, facts.end)
    tickets = [
        ChasedTicket(chased.ticket_id, *facts.titles.get(chased.ticket_id, ("", "(ticket gone)")), chased.calls,
                     chased.last_at)
        for chased in week.tickets
    ]
    return ChaserSummary(today, week, tickets, week.unlinked)


def headline(summary: ChaserSummary) -> Text:
    """'Today 2 chasers, 67% of 3 inbound calls  ·  7 days: 6, 75% of 8'."""
    today, week = summary.today, summary.week
    text = Text()
    text.append(f"Today {today.count} chaser{'s' if today.count != 1 else ''}",
                style="bold magenta" if today.count else "bold")
    text.append(f", {today.share:.0%} of {today.inbound} inbound call{'s' if today.inbound != 1 else ''}")
    text.append(f"  ·  7 days: {week.count}, {week.share:.0%} of {week.inbound}")
    return text


class ChasersScreen(ModalScreen[tuple[str, int] | None]):
    BINDINGS = [
        Binding("escape", "close", "Close"),
    ]
    AUTO_FOCUS = "#chasers-table"

    DEFAULT_CSS = """
    ChasersScreen #chasers-box { width: 90%; max-width: 110; height: 90%; padding: 0 1; }
    ChasersScreen #chasers-headline { height: auto; margin-bottom: 1; }
    ChasersScreen #chasers-table { height: 1fr; }
    ChasersScreen #chasers-status { height: auto; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="chasers-box"):
            yield Static("Status chasers: customers who had to ask us for news", classes="form-title")
            yield Static(Text("loading…", style="dim"), id="chasers-headline")
            yield DataTable(id="chasers-table", cursor_type="row", zebra_stripes=True)
            yield ErrorLine("", id="chasers-status")
            yield Static(Text("↑/↓ move · enter open the ticket · esc close", style="dim"), classes="form-keys")

    def on_mount(self) -> None:
        table = self.query_one("#chasers-table", DataTable)
        table.add_column("#", key="id")
        table.add_column("Customer", key="customer")
        table.add_column("Ticket", key="title")
        table.add_column("Calls", key="calls")
        table.add_column("Last", key="last")
        self._load()

    @work(thread=True, exclusive=True, group="db-chasers", exit_on_error=False)
    def _load(self) -> None:
        from frontdesk.store import queue_reads as queue_facts
        from frontdesk.store.models import db

        app = self.app
        now = app.now()
        try:
            with db.connection_context():
                facts = queue_facts.chaser_facts(now, app.settings.timezone)
        except Exception as exc:
            app.call_from_thread(self._failed, exc)
            return
        app.call_from_thread(self._show, summarise(facts), now)

    def _failed(self, error: Exception) -> None:
        self.query_one("#chasers-headline", Static).update("")
        self.query_one("#chasers-status", Static).update(
            Text(f"Could not read the database: {error}", style="bold red"))

    def _show(self, summary: ChaserSummary, now) -> None:
        tz = self.app.settings.timezone
        self.query_one("#chasers-headline", Static).update(headline(summary))
        table = self.query_one("#chasers-table", DataTable)
        table.clear()
        id_width = max((len(f"#{row.ticket_id}") for row in summary.tickets), default=2)
        # what is left after the #, calls and last-call columns and cell padding: 2/5 name, 3/5 title
        spare = max(24, (table.size.width or 68) - id_width - len("Calls") - len("Tue 14:10") - 2 * 5 - 1)
        name_limit = spare * 2 // 5
        for row in summary.tickets:
            table.add_row(
                Text(f"#{row.ticket_id}"),
                Text(visible(row.customer_name, limit=name_limit)),
                Text(visible(row.title, limit=spare - name_limit)),
                Text(str(row.calls), justify="right"),
                Text(clock.short_when(row.last_at, now, tz)),
                key=f"ticket-{row.ticket_id}",
            )
        status = self.query_one("#chasers-status", Static)
        notes = []
        if not summary.tickets:
            notes.append("No ticket drew a status inquiry in the last 7 days.")
        if summary.unlinked:
            notes.append(f"{summary.unlinked} more status inquir{'ies' if summary.unlinked != 1 else 'y'} "
                         "not linked to a ticket.")
        status.update(Text(" ".join(notes), style="dim"))
        table.display = bool(summary.tickets)
        if summary.tickets:
            table.move_cursor(row=0)
            table.focus()

    @on(DataTable.RowSelected, "#chasers-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value or ""
        kind, _, ident = key.partition("-")
        if kind == "ticket" and ident.isdigit():
            self.dismiss(("ticket", int(ident)))

    def action_close(self) -> None:
        self.dismiss(None)
