"""The caller card: who is calling, their open tickets, today's visits and
the last three conversations — everything needed to "make conversation"
without asking for a claim number."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from frontdesk.domain import clock, rules
from frontdesk.store.queries import CallerCard
from frontdesk.domain.textsafe import visible


def render_card(card: CallerCard, now, tz: str) -> Text:
    text = Text()
    customer = card.customer
    text.append(visible(customer.name), style="bold")
    if customer.company:
        text.append("  ·  " + visible(customer.company), style="italic")
    if customer.phones:
        text.append("\n" + "  ".join(customer.phones), style="dim")
    if customer.notes:
        text.append("\n" + visible(customer.notes, limit=200), style="italic dim")

    text.append("\n\nOpen tickets", style="bold underline")
    if not card.open_tickets:
        text.append("\n  none", style="dim")
    for ticket in card.open_tickets:
        broken = rules.promise_broken(ticket, now)
        text.append(f"\n  #{ticket.id} ")
        text.append(visible(ticket.title, limit=60))
        if ticket.promised_by is not None:
            text.append(f"  promised {rules.promise_text(ticket, now)}", style="bold red" if broken else "dim")
        text.append(f"  {rules.informed_text(ticket.last_informed, now)}", style="dim")

    text.append("\n\nVisits today", style="bold underline")
    if not card.visits_today:
        text.append("\n  none", style="dim")
    for visit in card.visits_today:
        state = rules.visit_state(visit, now)
        text.append(f"\n  {rules.window_text(visit, tz)}  ")
        text.append(visible(visit.technician_name or "no tech yet"))
        text.append(f"  {state.describe()}", style="bold red" if state.is_late else "dim")

    text.append("\n\nLast calls", style="bold underline")
    if not card.last_calls:
        text.append("\n  first call", style="dim")
    for call in card.last_calls:
        arrow_text = "→" if call.direction == "out" else "←"
        what = "missed" if call.outcome == "missed" else call.reason
        text.append(f"\n  {clock.short_when(call.started_at, now, tz)} {arrow_text} {what}",
                    style="red" if call.outcome == "missed" else "dim")
        if call.note:
            text.append("  " + visible(call.note, limit=70))
    return text


class CallerCardView(Static):
    """Shows a CallerCard (or a hint when nobody is recognised yet)."""

    def show(self, card: CallerCard | None, now, tz: str, hint: str = "") -> None:
        if card is None:
            self.update(Text(hint, style="dim"))
        else:
            self.update(render_card(card, now, tz))
