"""The command palette (ctrl+p): every desk action, and customers and tickets
found by name, number or title (enter opens their details)."""

from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from frontdesk.domain.textsafe import visible

# (title, action on the dashboard, help)
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Next to call now", "next_in_queue", "n — whom to call now, most urgent first"),
    ("Show or hide Call now", "toggle_queue", "N"),
    ("Log a call", "log_call", "c — type the number, the caller is recognised"),
    ("Mark customer informed", "informed", "i — on the selected ticket or visit"),
    ("New ticket", "new_ticket", "t"),
    ("New arrival window", "new_visit", "w — book a technician's visit"),
    ("Technician arrived", "arrived", "a — on the selected visit"),
    ("Close ticket", "close_ticket", "x — the selected ticket (asks first)"),
    ("Technician en route", "en_route", "e — on the selected visit, with an ETA"),
    ("Promise a date", "promise", "p — on the selected ticket; keeps every earlier promise"),
    ("Waiting on customer or parts", "waiting", "h — pauses the ticket's clocks"),
    ("Check-in rhythm", "cadence", "k — how often to call the selected customer"),
    ("Status chasers", "chasers", "S — tickets customers had to ask us about"),
    ("Find", "find", "/ — a customer, a number or a ticket"),
    ("Technicians", "technicians", "T — add, edit, deactivate"),
    ("Refresh", "refresh", "r — read the database now"),
    ("Help", "help", "? — every key"),
)

SEARCH_LIMIT = 8


def _lookup(text: str, region: str) -> tuple[list, list]:
    """Customers and tickets for the palette; runs in a thread."""
    from frontdesk.ui.screens.find import search
    from frontdesk.store.models import db

    with db.connection_context():
        customers, tickets = search(text, region)
    return customers[:SEARCH_LIMIT], tickets[:SEARCH_LIMIT]


class DeskCommands(Provider):
    @property
    def dashboard(self):
        from frontdesk.ui.screens.dashboard import DashboardScreen

        if isinstance(self.screen, DashboardScreen):
            return self.screen
        return self.app.screen_stack[0]

    async def _run(self, action: str) -> None:
        await self.dashboard.run_action(action)

    def _details(self, kind: str, ident: int) -> None:
        self.dashboard.show_details(kind, ident)

    async def discover(self) -> Hits:
        for title, action, help_text in ACTIONS:
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in ACTIONS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, action), text=title, help=help_text)
        if len(query.strip()) < 2:
            return
        try:
            customers, tickets = await asyncio.to_thread(_lookup, query, self.app.settings.region)
        except Exception:  # the palette must never break on a database hiccup
            return
        # user text goes into the prompt as a Text (never markup); help is markup, so only fixed words there
        for customer in customers:
            name = visible(customer.name, limit=60)
            prompt = Text("Customer: ")
            prompt.append(name, style="bold")
            yield Hit(max(matcher.match(name), 0.5), prompt, partial(self._details, "customer", customer.id),
                      text=f"Customer: {name}", help="  ".join(customer.phones) or None)
        for ticket in tickets:
            title = visible(ticket.title, limit=60)
            prompt = Text(f"Ticket #{ticket.id} ")
            prompt.append(title, style="bold")
            prompt.append("  " + visible(ticket.customer_name, limit=40), style="italic")
            yield Hit(max(matcher.match(title), 0.45), prompt, partial(self._details, "ticket", ticket.id),
                      text=f"Ticket #{ticket.id} {title}", help=f"{ticket.status} · {ticket.priority}")
