"""`enter` on the desk: everything about a ticket, visit, call or customer,
read-only and scrollable.  `u` opens the customer; escape closes."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from frontdesk.domain import clock, phones, rules
from frontdesk.store.queries import CallRow, TicketRow, VisitRow
from frontdesk.domain.textsafe import visible

KINDS = ("ticket", "visit", "call", "customer")
LABEL_WIDTH = 22  # "needed by (customer)" and the other four times fit


def when(stored: datetime | None, now, tz: str, *, future: bool = False) -> str:
    """'Wed 25 Nov 2026 14:05 (3 h ago)' — or '—'."""
    if stored is None:
        return "—"
    shown = clock.local(stored, tz).format("ddd D MMM YYYY HH:mm")
    relative = clock.until(stored, now, "ago") if future else clock.ago(stored, now)
    return f"{shown} ({relative})"


def line(text: Text, label: str, value: str | Text, style: str = "") -> None:
    text.append("\n" + f"{label}".ljust(LABEL_WIDTH), style="dim")
    if isinstance(value, Text):
        text.append_text(value)
    else:
        text.append(value, style=style)


def heading(text: Text, title: str) -> None:
    text.append(f"\n\n{title}", style="bold underline")


def call_lines(text: Text, calls: list[CallRow], now, tz: str) -> None:
    if not calls:
        text.append("\n  none", style="dim")
    for call in calls:
        arrow_text = "→" if call.direction == "out" else "←"
        minutes, seconds = divmod(call.duration_s, 60)
        text.append(f"\n  {clock.short_when(call.started_at, now, tz)} {arrow_text} ", style="bold")
        text.append(f"{call.reason} · {call.outcome} · {call.channel}")
        if call.duration_s:
            text.append(f" · {minutes}:{seconds:02d}", style="dim")
        if call.informed:
            text.append(" · customer informed", style="green")
        if call.note:
            note = visible(call.note, one_line=False)
            text.append("\n    " + note.replace("\n", "\n    "))


def visit_line(text: Text, visit: VisitRow, now, tz: str) -> None:
    state = rules.visit_state(visit, now)
    day = clock.local(visit.window_start, tz).format("ddd D MMM")
    text.append(f"\n  #{visit.id} {day} {rules.window_text(visit, tz)}  ")
    text.append(visible(visit.technician_name or "no technician", limit=40))
    text.append(f"  {visit.status}  ")
    text.append(state.describe(), style="bold red" if state.is_late else "dim")


def render_ticket(t: TicketRow, calls: list[CallRow], visits: list[VisitRow], now, tz: str,
                  history=None) -> Text:
    text = Text()
    text.append(f"Ticket #{t.id}  ", style="bold")
    text.append(visible(t.title, one_line=False), style="bold")
    line(text, "Customer", Text(visible(t.customer_name)))
    line(text, "Priority", t.priority, {"urgent": "bold red", "high": "yellow"}.get(t.priority, ""))
    line(text, "Status", t.status)
    line(text, "Opened", when(t.opened_at, now, tz))
    line(text, "Needed by", when(t.needed_by, now, tz, future=True))
    promised = "—"
    if t.promised_by is not None:  # "— 2 days late", "— in 3 h", "— kept"
        promised = f"{clock.local(t.promised_by, tz).format('ddd D MMM YYYY HH:mm')} — {rules.promise_text(t, now)}"
    line(text, "Promised by", promised, "bold red" if rules.promise_broken(t, now) else "")
    line(text, "Closed", when(t.closed_at, now, tz))
    line(text, "Technician", Text(visible(t.technician_name or "—")))
    line(text, "Last informed", clock.ago(t.last_informed, now))
    if t.waiting_on:
        line(text, "Waiting on", f"{t.waiting_on} since {when(t.waiting_since, now, tz)} (our clocks paused)",
             "cyan")
    if history is not None:
        history_lines(text, t, history, tz)
    heading(text, f"Visits ({len(visits)})")
    if not visits:
        text.append("\n  none", style="dim")
    for visit in visits:
        visit_line(text, visit, now, tz)
    heading(text, f"Calls about it ({len(calls)})")
    call_lines(text, calls, now, tz)
    return text


def history_lines(text: Text, t: TicketRow, history, tz: str) -> None:
    """The four times (needed, expected, promised, closed/satisfied) and every promise made."""
    from frontdesk.domain import four_times

    heading(text, "The four times")
    expected = four_times.expected_by(t.opened_at, history.own_durations, history.all_durations)
    for label, value in four_times.four_times(t, expected, tz):
        line(text, label, Text(visible(value)))
    if history.promises:
        count = len(history.promises)
        heading(text, f"Promises made ({count})" + ("  — re-promised: a trust problem" if count > 2 else ""))
        for made_at, promised_by, note in history.promises:
            text.append(f"\n  {clock.local(made_at, tz).format('ddd D MMM HH:mm')}: promised "
                        f"{clock.local(promised_by, tz).format('ddd D MMM HH:mm')}")
            if note:
                text.append("  ")
                text.append(visible(note, limit=80), style="dim")
    if history.waits:
        heading(text, f"Waiting periods ({len(history.waits)})")
        for wait in history.waits:
            end = clock.local(wait.ended_at, tz).format("ddd D MMM HH:mm") if wait.ended_at else "now"
            text.append(f"\n  on {wait.on}: {clock.local(wait.started_at, tz).format('ddd D MMM HH:mm')} – {end}")


def render_visit(v: VisitRow, calls: list[CallRow], now, tz: str) -> Text:
    state = rules.visit_state(v, now)
    text = Text()
    text.append(f"Visit #{v.id}", style="bold")
    line(text, "Customer", Text(visible(v.customer_name)))
    ticket = Text(f"#{v.ticket_id} ") + Text(visible(v.ticket_title)) if v.ticket_id else Text("—")
    line(text, "Ticket", ticket)
    line(text, "Technician", Text(visible(v.technician_name or "—")))
    day = clock.local(v.window_start, tz).format("ddd D MMM YYYY")
    window = f"{day} {rules.window_text(v, tz)}"
    if rules.window_is_wide(v.window_start, v.window_end):
        window += "  (wider than 2 h)"
    line(text, "Window", window)
    line(text, "Status", v.status)
    line(text, "State", state.describe(), "bold red" if state.is_late else "")
    line(text, "ETA", clock.hhmm(v.eta, tz) or "—")
    line(text, "Arrived", when(v.arrived_at, now, tz))
    line(text, "Customer chose", v.customer_choice or "—")
    line(text, "Last informed", clock.ago(v.last_informed, now))
    arrived_late = v.arrived_at is not None and v.arrived_at > v.window_end
    if state.is_late or arrived_late:
        from frontdesk.domain import desk_metrics

        contacts = [c.started_at for c in calls if c.outcome == "answered"]
        warned = desk_metrics.warned_before_end(v.window_end, contacts)
        line(text, "Warned in time", "yes: called before the window ended" if warned
             else "no: nobody called before the window ended", "" if warned else "bold red")
    heading(text, f"Calls about it ({len(calls)})")
    call_lines(text, calls, now, tz)
    return text


def render_call(c: CallRow, now, tz: str) -> Text:
    text = Text()
    text.append(f"Call #{c.id}", style="bold")
    line(text, "When", when(c.started_at, now, tz))
    line(text, "Direction", "inbound ←" if c.direction == "in" else "outbound →")
    line(text, "Outcome", c.outcome, "red" if c.outcome == "missed" else "")
    line(text, "Channel", c.channel)
    line(text, "Reason", c.reason)
    line(text, "Customer", Text(visible(c.customer_name)) if c.customer_name else Text("not on file", style="italic"))
    number = phones.display(c.phone_e164) or c.phone_raw
    line(text, "Number", Text(visible(number or "—")))
    ticket = Text(f"#{c.ticket_id} ") + Text(visible(c.ticket_title)) if c.ticket_id else Text("—")
    line(text, "Ticket", ticket)
    line(text, "Visit", f"#{c.visit_id}" if c.visit_id else "—")
    minutes, seconds = divmod(c.duration_s, 60)
    line(text, "Talk time", f"{minutes}:{seconds:02d}")
    if c.callback_by is not None:
        if c.callback_done_at is not None:
            callback = Text(f"{when(c.callback_by, now, tz, future=True)} — done {clock.ago(c.callback_done_at, now)}")
        elif rules.callback_overdue(c, now):
            callback = Text(f"{when(c.callback_by, now, tz, future=True)} — OVERDUE", style="bold red")
        else:
            callback = Text(when(c.callback_by, now, tz, future=True), style="yellow")
        line(text, "Call back by", callback)
    line(text, "Informed", "yes — this was an update to the customer" if c.informed else "no")
    heading(text, "Note")
    text.append("\n" + (visible(c.note, one_line=False) if c.note else "(no note)"),
                style="" if c.note else "dim")
    return text


def render_customer(card, tickets: list[TicketRow], now, tz: str) -> Text:
    from frontdesk.ui.widgets.caller_card import render_card

    text = render_card(card, now, tz)
    ordered = sorted(tickets, key=lambda t: (t.status != "open", -t.id))
    heading(text, f"All tickets ({len(ordered)})")
    if not ordered:
        text.append("\n  none", style="dim")
    for t in ordered:
        closed = t.status != "open"
        text.append(f"\n  #{t.id} ", style="dim" if closed else "bold")
        text.append(visible(t.title, limit=70), style="dim" if closed else "")
        text.append(f"  {t.status} · {t.priority} · opened {clock.local(t.opened_at, tz).format('D MMM YYYY')}",
                    style="dim")
        if closed:
            text.append(f" · closed {clock.local(t.closed_at, tz).format('D MMM')}" if t.closed_at else "", style="dim")
        elif t.promised_by is not None:
            broken = rules.promise_broken(t, now)
            text.append(f" · promised {rules.promise_text(t, now)}", style="bold red" if broken else "dim")
    return text


class DetailsScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("u", "customer", "Customer"),
    ]
    AUTO_FOCUS = "#details-scroll"

    def __init__(self, kind: str, ident: int) -> None:
        if kind not in KINDS:
            raise ValueError(f"Unknown detail kind {kind!r}")
        super().__init__()
        self.kind = kind
        self.ident = ident
        self.customer_id: int | None = ident if kind == "customer" else None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="details-box"):
            yield Static(f"{self.kind.capitalize()} details", classes="form-title", id="details-title")
            with VerticalScroll(id="details-scroll"):
                yield Static(Text("loading…", style="dim"), id="details-body")
            keys = "↑/↓ scroll · esc close" if self.kind == "customer" else "↑/↓ scroll · u the customer · esc close"
            yield Static(Text(keys, style="dim"), classes="form-keys")

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="db-details", exit_on_error=False)
    def _load(self) -> None:
        from frontdesk.store import queries
        from frontdesk.store.models import db

        app = self.app
        now = app.now()
        tz = app.settings.timezone
        try:
            with db.connection_context():
                customer_id, body = self._read(queries, now, tz)
        except Exception as exc:
            app.call_from_thread(self._show, None, Text(f"Could not read the database: {exc}", style="bold red"))
            return
        app.call_from_thread(self._show, customer_id, body)

    def _read(self, queries, now, tz: str) -> tuple[int | None, Text]:
        """(the customer's id, the rendered body) — runs in the worker."""
        missing = Text(f"That {self.kind} no longer exists (deleted at another desk?).", style="bold red")
        if self.kind == "ticket":
            ticket = queries.get_ticket(self.ident)
            if ticket is None:
                return None, missing
            from frontdesk.store import queue_reads as queue_facts

            body = render_ticket(ticket, queries.ticket_calls(ticket.id), queries.ticket_visits(ticket.id), now, tz,
                                 queue_facts.ticket_history(ticket.id))
            return ticket.customer_id, body
        if self.kind == "visit":
            visit = queries.get_visit(self.ident)
            if visit is None:
                return None, missing
            return visit.customer_id, render_visit(visit, queries.visit_calls(visit.id), now, tz)
        if self.kind == "call":
            call = queries.get_call(self.ident)
            if call is None:
                return None, missing
            return call.customer_id, render_call(call, now, tz)
        card = queries.caller_card(self.ident, now, tz)
        if card is None:
            return None, missing
        return self.ident, render_customer(card, queries.customer_tickets(self.ident), now, tz)

    def _show(self, customer_id: int | None, body: Text) -> None:
        self.customer_id = customer_id
        self.query_one("#details-body", Static).update(body)

    def action_customer(self) -> None:
        if self.kind == "customer":
            return
        if self.customer_id is None:
            self.notify("No customer on file for this.", severity="warning")
            return
        self.app.push_screen(DetailsScreen("customer", self.customer_id))

    def action_close(self) -> None:
        self.dismiss(None)
