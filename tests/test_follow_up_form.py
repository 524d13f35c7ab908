"""The satisfaction follow-up form, driven through the real app: verdicts,
the linked ticket for "not satisfied", no answer, and open tickets refused."""

from __future__ import annotations

from textual.widgets import TextArea

from frontdesk.domain import phones
from frontdesk.store import writes
from frontdesk.ui.screens.follow_up_form import FollowUpForm
from frontdesk.store.models import Call, Ticket
from ui_helpers import FROZEN, desk, error_at, settle, shown, static_text, utc  # noqa: F401  (desk is a fixture)

HOSTILE_NAME = "[bold]Eve[/bold] [/ a\x1b[2Jb"
HOSTILE_NOTE = "[bold]Still[/bold] jams [/ on page 2\x1b[2J"
NOW_UTC = FROZEN.to("UTC").naive


async def open_form(app, pilot, ticket_id: int, results: list):
    await settle(app, pilot)
    app.push_screen(FollowUpForm(ticket_id), results.append)
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, FollowUpForm)
    return form


def close_printer(ids) -> int:
    assert writes.close_ticket(ids["printer"], FROZEN.shift(days=-1), follow_up_due=utc("2026-11-25 10:00"))
    return ids["printer"]


def follow_up_calls() -> list[Call]:
    return list(Call.select().where(Call.reason == "satisfaction").order_by(Call.id))


async def test_satisfied_closes_the_follow_up(desk):
    app, ids = desk
    ticket_id = close_printer(ids)
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, ticket_id, results)
        about = static_text(form, "#follow-up-about").splitlines()
        assert about == ["Alice Jones", f"Ticket #{ticket_id} Printer jams on every page",
                         "Closed Tue 15:00 (1 day ago)  ·  follow-up due 10:00"]
        assert app.focused is form.query_one("#outcome")
        assert form.query_one(".form-keys").region.bottom <= 24  # fits at 80x24
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, FollowUpForm)
        [call] = follow_up_calls()
        assert results == [call.id]
        assert (call.direction, call.outcome, call.satisfaction, call.ticket_id, call.customer_id) == (
            "out", "answered", "satisfied", ticket_id, ids["alice"])
        ticket = Ticket.get_by_id(ticket_id)
        assert (ticket.satisfaction, ticket.follow_up_done_at) == ("satisfied", NOW_UTC)
        assert Ticket.select().where(Ticket.reopened_from == ticket_id).count() == 0


async def test_not_satisfied_needs_a_note_then_opens_exactly_one_linked_ticket(desk):
    app, ids = desk
    ticket_id = close_printer(ids)
    tickets_before = Ticket.select().count()
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, ticket_id, results)
        await pilot.press("tab", "n", "ctrl+s")  # verdict -> not satisfied, no note
        await settle(app, pilot)
        assert app.screen is form
        assert error_at(form, "note").startswith("Write what they are not satisfied with")
        assert app.focused is form.query_one("#note", TextArea)
        assert form.query_one("#verdict").value == "not satisfied"
        assert follow_up_calls() == []
        form.query_one("#note", TextArea).text = HOSTILE_NOTE
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, FollowUpForm)
        [call] = follow_up_calls()
        assert results == [call.id]
        assert call.note == HOSTILE_NOTE and call.satisfaction == "not satisfied"
        [linked] = Ticket.select().where(Ticket.reopened_from == ticket_id)
        assert Ticket.select().count() == tickets_before + 1
        assert (linked.status, linked.customer_id, linked.title) == (
            "open", ids["alice"], "Not satisfied: Printer jams on every page")
        ticket = Ticket.get_by_id(ticket_id)
        assert (ticket.satisfaction, ticket.follow_up_done_at) == ("not satisfied", NOW_UTC)
        assert any(str(n.message) == f"Opened ticket #{linked.id} for the follow-up" for n in app._notifications)


async def test_no_answer_leaves_the_follow_up_due(desk):
    app, ids = desk
    ticket_id = close_printer(ids)
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, ticket_id, results)
        await pilot.press("n")  # outcome -> no answer
        await pilot.pause()
        assert not form.query_one("#field-verdict").display
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        [call] = follow_up_calls()
        assert results == [call.id]
        assert (call.outcome, call.satisfaction) == ("missed", "")
        ticket = Ticket.get_by_id(ticket_id)
        assert (ticket.satisfaction, ticket.follow_up_done_at) == ("", None)
        assert ticket.follow_up_due == utc("2026-11-25 10:00")
        assert Ticket.select().where(Ticket.reopened_from == ticket_id).count() == 0


async def test_satisfaction_cannot_be_recorded_for_an_open_ticket(desk):
    app, ids = desk
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, ids["laptop"], results)
        assert "Still open: the satisfaction call comes after it is closed." in static_text(form, "#follow-up-about")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert static_text(form, "#form-error") == (
            f"Ticket #{ids['laptop']} is still open: ask about satisfaction after closing it.")
        assert form.saving is False  # the receptionist can still escape
        assert follow_up_calls() == []
        ticket = Ticket.get_by_id(ids["laptop"])
        assert (ticket.status, ticket.satisfaction, ticket.follow_up_done_at) == ("open", "", None)
        await pilot.press("escape")
        await settle(app, pilot)
        assert results == [None]


async def test_hostile_customer_name_is_shown_literally(desk):
    app, _ids = desk
    eve = writes.create_customer(HOSTILE_NAME, phones.parse("+1 212 555 0188", "US"), FROZEN.shift(days=-3))
    ticket_id = writes.create_ticket(eve, "[red]Wifi[/red]", FROZEN.shift(days=-2))
    writes.close_ticket(ticket_id, FROZEN.shift(days=-1), follow_up_due=utc("2026-11-25 10:00"))
    results: list = []
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot, ticket_id, results)
        about = static_text(form, "#follow-up-about").splitlines()
        assert about[:2] == ["[bold]Eve[/bold] [/ a\u241b[2Jb", f"Ticket #{ticket_id} [red]Wifi[/red]"]
        assert "[bold]Eve[/bold]" in shown(form.query_one("#follow-up-about"))
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        [call] = follow_up_calls()
        assert (call.customer_id, results) == (eve, [call.id])
