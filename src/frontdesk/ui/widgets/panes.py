"""The dashboard's three tables.  Each turns query rows into cells (asking
the rules for anything derived) and updates itself by row key, so a refresh
neither flickers nor loses the cursor."""

from __future__ import annotations

from typing import Iterable

from rich.text import Text
from textual.widgets import DataTable

from frontdesk.domain import clock, phones, rules
from frontdesk.store.queries import CallRow, TicketRow, VisitRow
from frontdesk.domain.textsafe import visible


def cell(value: str, style: str = "", limit: int | None = None) -> Text:
    """User text as a literal, one-line cell (markup and escapes disarmed)."""
    return Text(visible(value or "", limit=limit), style=style, no_wrap=True, overflow="ellipsis")


def _same(old: object, new: object) -> bool:
    """Equal text *and* look (Rich's Text == ignores style: yellow→red must repaint)."""
    if isinstance(old, Text) and isinstance(new, Text):
        return (old.plain, str(old.style), old.spans) == (new.plain, str(new.style), new.spans)
    return old == new


class Pane(DataTable):
    """A DataTable whose rows are replaced as a whole, keyed by id.

    Every column has a fixed width: an auto-width column could be drawn at
    its header's width before its content was measured, and the cell cache
    then kept that cut-short text ("never · ") until the next change."""

    COLUMNS: tuple[tuple[str, str, int | None], ...] = ()
    kind = ""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.row_refs: dict[str, object] = {}

    def on_mount(self) -> None:
        for label, key, width in self.COLUMNS:
            self.add_column(label, key=key, width=width)

    def set_rows(self, keyed_rows: Iterable[tuple[str, object, tuple]]) -> None:
        """Show these (key, record, cells) in this order; keep cursor and scroll."""
        new = list(keyed_rows)
        new_keys = [key for key, _, _ in new]
        old_keys = [row_key.value for row_key in self.rows]
        self.row_refs = {key: record for key, record, _ in new}
        if new_keys == old_keys:
            # a refresh tick usually changes a few cells ("5 min late"): touch only those
            columns = [key for _, key, _ in self.COLUMNS]
            for key, _, cells in new:
                for column, old, value in zip(columns, self.get_row(key), cells):
                    if not _same(old, value):
                        self.update_cell(key, column, value)
            return
        current = self.selected_key
        scroll_y = self.scroll_y
        self.clear()
        for key, _, cells in new:
            self.add_row(*cells, key=key)
        if current in self.row_refs:
            self.move_cursor(row=new_keys.index(current), scroll=False)
        self.scroll_to(y=scroll_y, animate=False, immediate=True)

    @property
    def selected_key(self) -> str | None:
        if not self.row_count or self.cursor_row < 0:
            return None
        try:
            return self.coordinate_to_cell_key((self.cursor_row, 0)).row_key.value
        except Exception:
            return None

    @property
    def selected(self) -> object | None:
        key = self.selected_key
        return self.row_refs.get(key) if key else None

    def select_key(self, key: str) -> None:
        keys = [row_key.value for row_key in self.rows]
        if key in keys:
            self.move_cursor(row=keys.index(key))


class CallsPane(Pane):
    kind = "calls"
    COLUMNS = (
        ("Time", "time", 9),
        ("", "dir", 3),
        ("Caller", "caller", 22),
        ("Reason", "reason", 14),
        ("Ticket", "ticket", 18),
        ("Note", "note", 60),
    )

    def show(self, calls: list[CallRow], scheduled: list[CallRow], now, tz: str, check_ins=()) -> None:
        """Owed callbacks and due check-ins (scheduled, pinned on top), then today's calls, newest first."""
        def caller(row: CallRow) -> Text:
            if row.customer_name:
                return cell(row.customer_name)
            return cell(phones.display(row.phone_e164) or row.phone_raw or "unknown", "italic")

        def ticket(row: CallRow) -> Text:
            return cell(f"#{row.ticket_id} {row.ticket_title}") if row.ticket_id else Text("")

        rows = []
        for row in scheduled:
            overdue = rules.callback_overdue(row, now)
            when = clock.short_when(row.callback_by, now, tz)
            rows.append((
                f"due-{row.id}", row,
                (
                    Text(f"due {when}", style="bold red" if overdue else "bold yellow"),
                    Text("↩", style="bold"),
                    caller(row),
                    Text("OVERDUE" if overdue else "call back", style="bold red" if overdue else "yellow"),
                    ticket(row),
                    cell(row.note, "dim", 200),
                ),
            ))
        for item in check_ins:
            rows.append((
                item.key, item,
                (
                    Text(f"due {clock.short_when(item.since, now, tz)}", style="bold cyan"),
                    Text("→", style="bold"),
                    cell(item.customer_name),
                    Text("check-in", style="cyan"),
                    Text(""),
                    cell(item.text, "dim", 200),
                ),
            ))
        for row in calls:
            arrow_text = "→" if row.direction == "out" else "←"
            missed = row.outcome == "missed"
            reason = "missed" if missed else row.reason
            rows.append((
                f"call-{row.id}", row,
                (
                    Text(clock.hhmm(row.started_at, tz)),
                    Text(arrow_text + ("✗" if missed else ""), style="red" if missed else ""),
                    caller(row),
                    cell(reason, "red" if missed else ("magenta" if row.reason == "status inquiry" else "")),
                    ticket(row),
                    cell(row.note, limit=200),
                ),
            ))
        self.set_rows(rows)


class TicketsPane(Pane):
    kind = "tickets"
    COLUMNS = (
        ("#", "id", 5),
        ("Customer", "customer", 18),
        ("Title", "title", 23),
        ("Pri", "priority", 6),
        ("Age", "age", 7),
        ("Promised", "promised", 18),
        ("Informed", "informed", 15),
        ("Tech", "tech", 16),
    )

    def show(self, tickets: list[TicketRow], now) -> None:
        ordered = sorted(tickets, key=lambda t: rules.ticket_sort_key(t, now))
        rows = []
        for t in ordered:
            broken = rules.promise_broken(t, now)
            pri_style = {"urgent": "bold red", "high": "yellow"}.get(t.priority, "")
            informed = clock.ago(t.last_informed, now)
            rows.append((
                f"ticket-{t.id}", t,
                (
                    Text(str(t.id)),
                    cell(t.customer_name),
                    cell(t.title),
                    Text(t.priority, style=pri_style),
                    Text(rules.age_text(t.opened_at, now)),
                    self._promised(t, now, broken),
                    Text(informed, style="dim" if informed == "never" else ""),
                    cell(t.technician_name or "—"),
                ),
            ))
        self.set_rows(rows)


    @staticmethod
    def _promised(t: TicketRow, now, broken: bool) -> Text:
        """The promise, how many times it was made, and what we are waiting on."""
        if t.waiting_on:
            since = clock.ago(t.waiting_since, now) if t.waiting_since else ""
            return Text(f"waiting: {t.waiting_on} {since}".strip(), style="italic cyan")
        text = Text(rules.promise_text(t, now), style="bold red" if broken else "")
        if t.promise_count > 1:
            text.append(f" ×{t.promise_count}", style="bold magenta")
        return text


class VisitsPane(Pane):
    kind = "visits"
    COLUMNS = (
        ("Window", "window", 12),
        ("Customer", "customer", 18),
        ("Tech", "tech", 14),
        ("Status", "status", 10),
        ("State", "state", 18),
        ("Informed", "informed", 32),
    )

    STATE_STYLE = {
        rules.LATE: "bold white on red",
        rules.IN_WINDOW: "bold green",
        rules.UPCOMING: "",
        rules.ARRIVED: "green",
        rules.DONE: "dim",
        rules.CANCELLED: "dim strike",
    }

    def show(self, visits: list[VisitRow], now, tz: str, warned: dict[int, bool] | None = None) -> None:
        """`warned`: for late visits, whether the customer was called before the window ended."""
        warned = warned or {}
        rows = []
        for v in visits:
            state = rules.visit_state(v, now)
            wide = rules.window_is_wide(v.window_start, v.window_end)
            informed = clock.ago(v.last_informed, now)
            if v.customer_choice:
                informed += f" · {v.customer_choice}"
            if v.id in warned:
                informed += " · warned in time" if warned[v.id] else " · NOT warned in time"
            rows.append((
                f"visit-{v.id}", v,
                (
                    Text(rules.window_text(v, tz), style="yellow" if wide else ""),
                    cell(v.customer_name),
                    cell(v.technician_name or "—"),
                    Text(v.status),
                    Text(state.describe(), style=self.STATE_STYLE.get(state.state, "")),
                    Text(informed, style="dim" if informed == "never" else ""),
                ),
            ))
        self.set_rows(rows)
