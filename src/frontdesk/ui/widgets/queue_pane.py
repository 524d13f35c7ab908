"""The "call now" pane: whom to call, why in plain words, and for how long it
has been true.  The order comes from the rules (most urgent first)."""

from __future__ import annotations

from rich.text import Text

from frontdesk.domain import call_now, clock
from frontdesk.domain.call_now import QueueItem
from frontdesk.ui.widgets.panes import Pane, cell

REASON_STYLE = {
    call_now.VISIT_LATE: "bold white on red",
    call_now.VISIT_AT_RISK: "bold red",
    call_now.PROMISE_BROKEN: "bold red",
    call_now.CALLBACK_OWED: "bold yellow",
    call_now.PROMISE_AT_RISK: "yellow",
    call_now.CHECK_IN_DUE: "cyan",
    call_now.GAP: "magenta",
    call_now.FOLLOW_UP_DUE: "green",
}


class QueuePane(Pane):
    kind = "queue"
    COLUMNS = (
        ("For", "for", 10),
        ("Customer", "customer", 20),
        ("Why", "why", 22),
        ("", "text", 72),
    )

    def show(self, items: list[QueueItem], now) -> None:
        moment = clock.utc_naive(now)
        rows = []
        for item in items:
            held = max(0.0, (moment - item.since).total_seconds())
            rows.append((
                item.key, item,
                (
                    Text(clock.span(held) if held >= 60 else "now", style="dim"),
                    cell(item.customer_name or "unknown caller"),
                    Text(item.reason, style=REASON_STYLE.get(item.reason, "")),
                    cell(item.text, limit=200),
                ),
            ))
        self.set_rows(rows)

    def next_row(self) -> None:
        """`n`: the next item (wrapping to the most urgent)."""
        if not self.row_count:
            return
        self.move_cursor(row=(self.cursor_row + 1) % self.row_count if self.has_focus else 0)
