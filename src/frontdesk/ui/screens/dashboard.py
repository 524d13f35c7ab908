"""The desk: the call-now queue above three panes, a header with the day's
counts, and the keys a receptionist's hands learn.  Renders and dispatches;
rules live elsewhere (call_now, desk_metrics, rules)."""

from __future__ import annotations

import gc

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from frontdesk.domain import call_now, desk_metrics, rules
from frontdesk.domain.call_now import QueueItem
from frontdesk.store.queries import CallRow, Dashboard, TicketRow, VisitRow
from frontdesk.ui.screens.dashboard_call_now import CallNowActions
from frontdesk.ui.textual_fixes import release_detached_watchers
from frontdesk.ui.widgets.desk_header import DeskHeader
from frontdesk.ui.widgets.panes import CallsPane, Pane, TicketsPane, VisitsPane
from frontdesk.ui.widgets.queue_pane import QueuePane


class DashboardScreen(CallNowActions, Screen):
    BINDINGS = [
        Binding("c", "log_call", "Call", id="log_call", tooltip="Log a call (caller recognised from the number)"),
        Binding("i", "informed", "Informed", id="informed", tooltip="Record that the customer was told"),
        Binding("t", "new_ticket", "Ticket", id="new_ticket", tooltip="New ticket"),
        Binding("w", "new_visit", "Window", id="new_visit", tooltip="Book an arrival window (visit)"),
        Binding("a", "arrived", "Arrived", id="arrived", tooltip="The technician arrived (selected visit)"),
        Binding("x", "close_ticket", "Close", id="close_ticket", tooltip="Close the selected ticket"),
        Binding("n", "next_in_queue", "Call now", id="next_in_queue", tooltip="Jump to the next person to call now"),
        Binding("slash", "find", "Find", id="find", tooltip="Find a customer, ticket or number"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
        Binding("enter", "details", "Details", show=False, id="details"),
        Binding("T", "technicians", "Technicians", show=False, id="technicians"),
        Binding("r", "refresh", "Refresh", show=False, id="refresh"),
        Binding("1", "focus_pane('calls')", show=False),
        Binding("2", "focus_pane('tickets')", show=False),
        Binding("3", "focus_pane('visits')", show=False),
        Binding("4", "focus_pane('queue')", show=False),
        Binding("N", "toggle_queue", "Show/hide call now", show=False, id="toggle_queue"),
        Binding("e", "en_route", "En route", show=False, id="en_route", tooltip="The technician is on the way (ETA)"),
        Binding("p", "promise", "Promise", show=False, id="promise", tooltip="Promise (or re-promise) a date"),
        Binding("h", "waiting", "Waiting", show=False, id="waiting", tooltip="Waiting on customer / parts"),
        Binding("k", "cadence", "Check-ins", show=False, id="cadence", tooltip="How often to check in"),
        Binding("S", "chasers", "Chasers", show=False, id="chasers", tooltip="Tickets customers chased us about"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.snapshot: Dashboard | None = None
        self.queue_items: list[QueueItem] = []
        self.queue_shown: bool | None = None  # None: shown whenever someone should be called
        self._settled = False
        self._timer = None

    def compose(self) -> ComposeResult:
        yield DeskHeader("", id="desk-header")
        with Vertical(id="panes"):
            yield Static("Call now", classes="pane-title", id="queue-title")
            yield QueuePane(id="queue")
            yield Static("Today's calls", classes="pane-title", id="calls-title")
            yield CallsPane(id="calls")
            yield Static("Open tickets", classes="pane-title", id="tickets-title")
            yield TicketsPane(id="tickets")
            yield Static("Arrival windows today", classes="pane-title", id="visits-title")
            yield VisitsPane(id="visits")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(CallsPane).focus()
        from frontdesk.store import queries

        settings = self.app.settings
        first = queries.take_prefetched(settings.db_path, settings.timezone, wait_s=0.5)
        if first is not None:  # read while Textual was starting: the first frame has the data
            now, snapshot = first
            self._apply(snapshot, now)
        else:
            self.action_refresh()

    def on_screen_resume(self) -> None:
        # a form just closed: let go of it once it has left the DOM
        self.call_after_refresh(release_detached_watchers, self.app)

    def on_unmount(self) -> None:
        if getattr(self, "_watch", None) is not None:
            self._watch.close()

    # -------------------------------------------------------------- data
    def action_refresh(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._load(force=True)

    @work(thread=True, exclusive=True, group="db-refresh", exit_on_error=False)
    def _load(self, force: bool = False) -> None:
        """Read the desk; a timer tick with nothing committed anywhere re-renders at the new time only."""
        from frontdesk.store import queries
        from frontdesk.store.models import db

        app = self.app
        now = app.now()
        try:
            if getattr(self, "_watch", None) is None:
                self._watch = queries.ChangeWatch()
            stale = self._watch.stale(now, app.settings.timezone)  # before reading: a later commit is seen next tick
            if stale or force or self.snapshot is None:
                with db.connection_context():
                    snapshot = queries.dashboard(now, app.settings.timezone)
            else:
                snapshot = self.snapshot
        except Exception as exc:  # keep the desk alive; say what happened
            app.call_from_thread(self._load_failed, exc)
            return
        app.call_from_thread(self._apply, snapshot, now)

    def _apply(self, snapshot: Dashboard, now) -> None:
        self.snapshot = snapshot
        settings = self.app.settings
        tz = settings.timezone
        facts = snapshot.queue
        items = call_now.build_queue(facts.visits, facts.tickets, facts.callbacks, facts.cadences, now,
                                     settings.thresholds, settings.schedule, tz) if facts else []
        self.queue_items = items
        check_ins = [item for item in items if item.reason == call_now.CHECK_IN_DUE]
        with self.app.batch_update():
            self._show_queue(items, now)
            self.query_one(CallsPane).show(snapshot.calls, snapshot.scheduled, now, tz, check_ins)
            self.query_one(TicketsPane).show(snapshot.tickets, now)
            warned = {visit.id: ok for visit, ok in desk_metrics.late_visits(facts.visits, now)} if facts else {}
            self.query_one(VisitsPane).show(snapshot.visits, now, tz, warned)
            late = sum(rules.visit_state(v, now).is_late for v in snapshot.visits)
            self.query_one(DeskHeader).show(now, tz, self._figures(snapshot, items, late, now))
            owed = f" · {len(snapshot.scheduled)} callbacks owed" if snapshot.scheduled else ""
            self.query_one("#calls-title", Static).update(f"Today's calls · {len(snapshot.calls)}{owed}")
            self.query_one("#tickets-title", Static).update(f"Open tickets · {len(snapshot.tickets)}")
            self.query_one("#visits-title", Static).update(f"Arrival windows today · {len(snapshot.visits)}")
            self._select_after_refresh()
        if not self._settled:
            # what exists after the first paint lives all day: keep the collector
            # from re-scanning it on every form opened (a few ms each)
            gc.freeze()
            self._settled = True
        self._rearm()

    def _load_failed(self, error: Exception) -> None:
        self.notify(f"Could not read the database: {error}", severity="error", markup=False)
        self._rearm()

    def _rearm(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.app.settings.refresh_seconds, self._load)

    # ------------------------------------------------------------ helpers
    def action_focus_pane(self, name: str) -> None:
        self.query_one(f"#{name}", DataTable).focus()

    def current_pane(self) -> Pane:
        focused = self.focused
        if isinstance(focused, Pane):
            return focused
        return self.query_one(CallsPane)

    def selected(self):
        return self.current_pane().selected

    def selected_customer_id(self) -> int | None:
        record = self.selected()
        return getattr(record, "customer_id", None)

    def selected_ticket(self) -> TicketRow | None:
        """The ticket under the cursor: a ticket row, or a call-now item's ticket."""
        record = self.selected()
        if isinstance(record, TicketRow):
            return record
        ticket_id = record.ticket_id if isinstance(record, QueueItem) else None
        if ticket_id and self.snapshot is not None:
            return next((t for t in self.snapshot.tickets if t.id == ticket_id), None)
        return None

    def selected_visit(self) -> VisitRow | None:
        record = self.selected()
        if isinstance(record, VisitRow):
            return record
        visit_id = record.visit_id if isinstance(record, QueueItem) else None
        if visit_id and self.snapshot is not None:
            return next((v for v in self.snapshot.visits if v.id == visit_id), None)
        return None

    def after_save(self, pane: str, key: str | None = None):
        def done(result) -> None:
            if result is None:
                return
            self._pending_select = (pane, key.format(result) if key else None)
            self.action_refresh()
        return done

    def _select_after_refresh(self) -> None:
        pending = getattr(self, "_pending_select", None)
        if pending:
            pane_id, key = pending
            self._pending_select = None
            pane = self.query_one(f"#{pane_id}", Pane)
            pane.focus()
            if key:
                pane.select_key(key)

    # ------------------------------------------------------------ actions
    def action_log_call(self) -> None:
        from frontdesk.ui.screens.call_form import CallForm

        self.app.push_screen(CallForm(), self.after_save("calls", "call-{}"))

    def action_informed(self) -> None:
        from frontdesk.ui.screens.informed_form import InformedForm

        record = self.selected()
        if isinstance(record, QueueItem):
            self.work_item(record)
        elif isinstance(record, CallRow) and record.ticket_id:
            self.app.push_screen(InformedForm(ticket_id=record.ticket_id), self.after_save("tickets"))
        elif isinstance(record, TicketRow):
            self.app.push_screen(InformedForm(ticket_id=record.id), self.after_save("tickets", f"ticket-{record.id}"))
        elif isinstance(record, VisitRow):
            self.app.push_screen(InformedForm(visit_id=record.id), self.after_save("visits", f"visit-{record.id}"))
        else:
            self.notify("Select a ticket or a visit first (tab moves between panes).", severity="warning")

    def action_new_ticket(self) -> None:
        from frontdesk.ui.screens.ticket_form import TicketForm

        self.app.push_screen(TicketForm(customer_id=self.selected_customer_id()),
                             self.after_save("tickets", "ticket-{}"))

    def action_new_visit(self) -> None:
        from frontdesk.ui.screens.visit_form import VisitForm

        ticket = self.selected_ticket()
        self.app.push_screen(
            VisitForm(customer_id=self.selected_customer_id(), ticket_id=ticket.id if ticket else None),
            self.after_save("visits", "visit-{}"),
        )

    def action_arrived(self) -> None:
        visit = self.selected_visit()
        if visit is None:
            self.notify("Select a visit in Arrival windows first.", severity="warning")
            return
        if visit.arrived_at is not None or visit.status == "cancelled":
            self.notify("That visit is already marked arrived or is cancelled.", severity="warning")
            return
        self._write(lambda w, now: w.mark_arrived(visit.id, now), "Technician arrived.", ("visits", f"visit-{visit.id}"))

    def action_close_ticket(self) -> None:
        from frontdesk.ui.screens.confirm import ConfirmScreen
        from frontdesk.domain.textsafe import visible

        ticket = self.selected_ticket()
        if ticket is None:
            self.notify("Select a ticket in Open tickets first.", severity="warning")
            return

        def decided(yes: bool | None) -> None:
            if yes:
                settings = self.app.settings

                def close(w, now) -> None:
                    due = rules.follow_up_due(now, settings.thresholds, settings.schedule, settings.timezone)
                    w.close_ticket(ticket.id, now, follow_up_due=due)

                self._write(close, f"Ticket #{ticket.id} closed; satisfaction call scheduled.",
                            ("tickets", None))

        self.app.push_screen(
            ConfirmScreen(f"Close ticket #{ticket.id} “{visible(ticket.title, limit=60)}” "
                          f"for {visible(ticket.customer_name, limit=40)}?", yes="Close it", no="Keep open"),
            decided,
        )

    @work(thread=True, group="db-write", exit_on_error=False)
    def _write(self, change, message: str, select: tuple[str, str | None]) -> None:
        from frontdesk.store import writes
        from frontdesk.store.models import db

        app = self.app
        try:
            with db.connection_context():
                change(writes, app.now())
        except Exception as exc:
            app.call_from_thread(self.notify, f"Not saved: {exc}", severity="error", markup=False)
            return
        app.call_from_thread(self._written, message, select)

    def _written(self, message: str, select: tuple[str, str | None]) -> None:
        self.notify(message)
        self._pending_select = select
        self.action_refresh()

    def action_find(self) -> None:
        from frontdesk.ui.screens.find import FindScreen

        self.app.push_screen(FindScreen(), self._found)

    def _found(self, result) -> None:
        if not result:
            return
        kind, ident = result
        self.show_details(kind, ident)

    def action_details(self) -> None:
        record = self.selected()
        if isinstance(record, QueueItem):
            self.work_item(record)
        elif isinstance(record, TicketRow):
            self.show_details("ticket", record.id)
        elif isinstance(record, VisitRow):
            self.show_details("visit", record.id)
        elif isinstance(record, CallRow) and (self.current_pane().selected_key or "").startswith("due-"):
            self.call_back(record)
        elif isinstance(record, CallRow):
            self.show_details("call", record.id)

    def call_back(self, owed: CallRow, done=None) -> None:
        """`enter` on a callback owed: the call form, pre-filled, outbound."""
        from frontdesk.domain import phones
        from frontdesk.ui.screens.call_form import CallForm

        number = phones.display(owed.phone_e164, self.app.settings.region) or owed.phone_raw
        form = CallForm(number, customer_id=owed.customer_id, direction="out", ticket_id=owed.ticket_id,
                        title="Call back")
        self.app.push_screen(form, done or self.after_save("calls", "call-{}"))

    def show_details(self, kind: str, ident: int) -> None:
        from frontdesk.ui.screens.details import DetailsScreen

        self.app.push_screen(DetailsScreen(kind, ident), lambda _result: self.action_refresh())

    def action_help(self) -> None:
        from frontdesk.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_technicians(self) -> None:
        from frontdesk.ui.screens.technicians import TechniciansScreen

        self.app.push_screen(TechniciansScreen(), lambda _result: self.action_refresh())

    async def action_quit(self) -> None:
        await self.app.action_quit()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_details()
