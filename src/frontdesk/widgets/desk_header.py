"""The header: date, local time and the day's counts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class DeskHeader(Static):
    def show(self, now, tz: str, calls: int, open_tickets: int, late: int, owed: int) -> None:
        local = now.to(tz)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" frontdesk ", style="bold reverse")
        text.append(f" {local.format('ddd D MMM YYYY')} ", style="bold")
        text.append(local.format("HH:mm"), style="bold")
        text.append(f" {tz.rsplit('/', 1)[-1].replace('_', ' ')}", style="dim")
        text.append(f" │ calls today {calls}")
        text.append(f" │ open tickets {open_tickets}")
        text.append(" │ ")
        text.append(f"late visits {late}", style="bold red" if late else "")
        if owed:
            text.append(" │ ")
            text.append(f"callbacks owed {owed}", style="bold yellow")
        self.update(text)
