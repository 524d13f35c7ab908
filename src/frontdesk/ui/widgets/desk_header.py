"""The header: date, local time and the day's counts — what needs action
first (call now, late visits, callbacks owed) so it survives a narrow
terminal, then how the day is going (calls, tickets, on-time visits, status
chasers: each a call we should have made first)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static


@dataclass(frozen=True)
class DayFigures:
    calls: int = 0
    open_tickets: int = 0
    late: int = 0
    owed: int = 0
    call_now: int | None = None            # None: the queue was not computed
    on_time: tuple[int, int] | None = None  # (arrived within the window, visits due so far)
    chasers_today: int = 0
    chaser_share_today: float = 0.0
    chaser_share_week: float = 0.0


class DeskHeader(Static):
    def show(self, now, tz: str, figures: DayFigures) -> None:
        local = now.to(tz)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" frontdesk ", style="bold reverse")
        text.append(f" {local.format('ddd D MMM')} ", style="bold")
        text.append(local.format("HH:mm"), style="bold")
        text.append(f" {tz.rsplit('/', 1)[-1].replace('_', ' ')}", style="dim")
        # what needs action, then how the day goes; the counts the pane titles repeat come last
        if figures.call_now is not None:
            text.append(" │ ")
            text.append(f"call now {figures.call_now}", style="bold red" if figures.call_now else "")
        text.append(" │ ")
        text.append(f"late visits {figures.late}", style="bold red" if figures.late else "")
        if figures.on_time is not None:
            kept, due = figures.on_time
            text.append(f" │ on time {kept}/{due}" if due else " │ on time —")
        if figures.call_now is not None:
            text.append(" │ ")
            text.append(f"chasers {figures.chasers_today} ({figures.chaser_share_today:.0%} of inbound, "
                        f"7 d {figures.chaser_share_week:.0%})", style="magenta" if figures.chasers_today else "")
        if figures.owed:
            text.append(" │ ")
            text.append(f"callbacks owed {figures.owed}", style="bold yellow")
        text.append(f" │ calls today {figures.calls} │ open tickets {figures.open_tickets}")
        self.update(text)
