"""The header: date, local time and the day's counts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class DeskHeader(Static):
    def show(self, now, tz: str, calls: int, open_tickets: int, late: int, owed: int) -> None:
        local = now.to(tz)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" frontdesk ", style="bold reverse")
        text.append(f" {local.format('ddd D MMM')} ", style="bold")
        text.append(local.format("HH:mm"), style="bold")
        text.append(f" {tz.rsplit('/', 1)[-1].replace('_', ' ')}", style="dim")
        # what needs action first, so it survives a narrow terminal
        text.append(" │ ")
        text.append(f"late visits {late}", style="bold red" if late else "")
        if owed:
            text.append(" │ ")
            text.append(f"callbacks owed {owed}", style="bold yellow")
        text.append(f" │ calls today {calls} │ open tickets {open_tickets}")
        self.update(text)
