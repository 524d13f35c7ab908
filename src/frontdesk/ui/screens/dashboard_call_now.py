"""The desk's call-now side: showing the queue and the header's figures, and
the keys that work it (n, N, enter on an item, e, p, h, k, S).  A mixin of
DashboardScreen, kept apart so each file stays about one thing."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Static

from frontdesk.domain import call_now, desk_metrics
from frontdesk.domain.call_now import QueueItem
from frontdesk.store.queries import Dashboard
from frontdesk.ui.widgets.desk_header import DayFigures
from frontdesk.ui.widgets.panes import CallsPane
from frontdesk.ui.widgets.queue_pane import QueuePane

VISIT_REASONS = (call_now.VISIT_LATE, call_now.VISIT_AT_RISK)
TICKET_REASONS = (call_now.PROMISE_BROKEN, call_now.PROMISE_AT_RISK, call_now.GAP)


class CallNowActions:
    queue_items: list[QueueItem]
    queue_shown: bool | None

    def _show_queue(self, items: list[QueueItem], now) -> None:
        pane = self.query_one(QueuePane)
        pane.show(items, now)
        shown = bool(items) if self.queue_shown is None else self.queue_shown
        title = self.query_one("#queue-title", Static)
        title.update(f"Call now · {len(items)}  (n next · enter call · N hide)" if items
                     else "Call now · nobody is waiting to hear from us")
        if pane.display != shown:
            if not shown and pane.has_focus:
                self.query_one(CallsPane).focus()
            pane.display = shown
            title.display = shown

    @staticmethod
    def _figures(snapshot: Dashboard, items: list[QueueItem], late: int, now) -> DayFigures:
        figures = DayFigures(calls=len(snapshot.calls), open_tickets=len(snapshot.tickets), late=late,
                             owed=len(snapshot.scheduled))
        if snapshot.queue is None or snapshot.chasers is None:
            return figures
        chasers = snapshot.chasers
        today = desk_metrics.chasers(chasers.calls, chasers.closed_at, chasers.today_start, chasers.end)
        week = desk_metrics.chasers(chasers.calls, chasers.closed_at, chasers.week_start, chasers.end)
        return replace(figures, call_now=len(items), on_time=desk_metrics.on_time(snapshot.visits, now),
                       chasers_today=today.count, chaser_share_today=today.share, chaser_share_week=week.share)

    # ---------------------------------------------------------- call now
    def action_next_in_queue(self) -> None:
        pane = self.query_one(QueuePane)
        if not pane.row_count:
            self.notify("Nobody is waiting to hear from us right now.")
            return
        if not pane.display:
            self.queue_shown = None
            self._show_queue(self.queue_items, self.app.now())
        pane.next_row()
        pane.focus()

    def action_toggle_queue(self) -> None:
        pane = self.query_one(QueuePane)
        self.queue_shown = not pane.display
        self._show_queue(self.queue_items, self.app.now())
        if pane.display:
            pane.focus()

    def work_item(self, item: QueueItem) -> None:
        """`enter` on a queue item: the form that settles it, pre-filled."""
        done = self.after_save("queue")
        if item.reason in VISIT_REASONS and item.visit_id:
            from frontdesk.ui.screens.informed_form import InformedForm

            self.app.push_screen(InformedForm(visit_id=item.visit_id), done)
        elif item.reason in TICKET_REASONS and item.ticket_id:
            from frontdesk.ui.screens.informed_form import InformedForm

            self.app.push_screen(InformedForm(ticket_id=item.ticket_id), done)
        elif item.reason == call_now.CALLBACK_OWED and item.call_id:
            owed = next((c for c in (self.snapshot.scheduled if self.snapshot else []) if c.id == item.call_id), None)
            if owed is not None:
                self.call_back(owed, done)
        elif item.reason == call_now.CHECK_IN_DUE and item.customer_id:
            from frontdesk.ui.screens.check_in_form import CheckInForm

            self.app.push_screen(CheckInForm(item.customer_id), done)
        elif item.reason == call_now.FOLLOW_UP_DUE and item.ticket_id:
            from frontdesk.ui.screens.follow_up_form import FollowUpForm

            self.app.push_screen(FollowUpForm(item.ticket_id), done)

    def action_en_route(self) -> None:
        from frontdesk.ui.screens.en_route_form import EnRouteForm

        visit = self.selected_visit()
        if visit is None:
            self.notify("Select a visit in Arrival windows first.", severity="warning")
            return
        if visit.arrived_at is not None or visit.status not in ("scheduled", "en route"):
            self.notify("That visit has arrived, finished or been cancelled.", severity="warning")
            return
        self.app.push_screen(EnRouteForm(visit.id), self.after_save("visits", f"visit-{visit.id}"))

    def action_promise(self) -> None:
        from frontdesk.ui.screens.promise_form import PromiseForm

        ticket = self.selected_ticket()
        if ticket is None:
            self.notify("Select a ticket in Open tickets first.", severity="warning")
            return
        self.app.push_screen(PromiseForm(ticket.id), self.after_save("tickets", f"ticket-{ticket.id}"))

    def action_waiting(self) -> None:
        from frontdesk.ui.screens.waiting_form import WaitingForm

        ticket = self.selected_ticket()
        if ticket is None:
            self.notify("Select a ticket in Open tickets first.", severity="warning")
            return
        self.app.push_screen(WaitingForm(ticket.id, ticket.waiting_on), self.after_save("tickets", f"ticket-{ticket.id}"))

    def action_cadence(self) -> None:
        from frontdesk.ui.screens.cadence_form import CadenceForm

        customer_id = self.selected_customer_id()
        if customer_id is None:
            self.notify("Select a row with a customer first.", severity="warning")
            return
        self.app.push_screen(CadenceForm(customer_id), self.after_save("queue"))

    def action_chasers(self) -> None:
        from frontdesk.ui.screens.chasers import ChasersScreen

        self.app.push_screen(ChasersScreen(), self._found)
