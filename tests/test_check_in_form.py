"""The check-in call form, driven through the real app: the agenda, the
required note, and the step-down offer after enough all-well check-ins."""

from __future__ import annotations

from textual.widgets import TextArea

from frontdesk.store import follow_up_writes as followups, writes
from frontdesk.domain import phones
from frontdesk.ui.screens.check_in_form import CheckInForm, StepDownConfirm
from frontdesk.store.models import Call, Customer
from ui_helpers import FROZEN, desk, error_at, settle, shown, static_text, utc  # noqa: F401  (desk is a fixture)

HOSTILE_NAME = "[bold]Eve[/bold] [/ a\x1b[2Jb"
HOSTILE_NOTE = "[bold]Router[/bold] [/ still drops\x1b[2J at night"


async def open_form(app, pilot, customer_id: int, results: list):
    await settle(app, pilot)
    app.push_screen(CheckInForm(customer_id), results.append)
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, CheckInForm)
    return form


def check_ins(customer_id: int) -> list[Call]:
    return list(Call.select().where((Call.customer == customer_id) & (Call.reason == "check-in")).order_by(Call.id))


async def test_agenda_lists_open_tickets_and_upcoming_visits(desk):
    app, ids = desk
    followups.set_cadence(ids["alice"], "daily", FROZEN.shift(days=-10))
    writes.set_waiting(ids["printer"], "parts", FROZEN.shift(hours=-5))
    tomorrow = writes.create_visit(ids["alice"], utc("2026-11-26 09:00"), utc("2026-11-26 11:00"),
                                   FROZEN.shift(days=-1), technician_id=ids["ana_tech"])
    writes.create_visit(ids["alice"], utc("2026-11-24 09:00"), utc("2026-11-24 11:00"), FROZEN.shift(days=-3))
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, ids["alice"], results)
        about = static_text(form, "#check-in-about")
        assert "Alice Jones" in about and "daily check-in" in about and "Never checked in yet" in about
        agenda = static_text(form, "#agenda-body")
        lines = agenda.splitlines()
        assert lines[0] == "Agenda: 1 open ticket, 2 upcoming visits"
        assert lines[1].startswith(f"#{ids['printer']} Printer jams on every page")
        assert "promised Tue 17:00 (22 h late)" in lines[1] and "waiting on parts" in lines[1]
        assert lines[2].startswith("Visit Wed 25 Nov 10:00–12:00") and "Bob Tech" in lines[2]
        assert lines[3].startswith("Visit Thu 26 Nov 09:00–11:00") and "Ana Tech" in lines[3]
        assert len(lines) == 4  # yesterday's visit and Bob's ticket are not on Alice's agenda
        assert tomorrow
        assert app.focused is form.query_one("#outcome")
        # the whole form is on screen at 80x24: the save keys line is painted
        assert "ctrl+s save" in shown(form.query_one(".form-keys"))
        assert form.query_one(".form-keys").region.bottom <= 24


async def test_hostile_name_and_note_are_literal_and_stored_as_typed(desk):
    app, ids = desk
    eve = writes.create_customer(HOSTILE_NAME, phones.parse("+1 212 555 0188", "US"), FROZEN.shift(days=-3))
    writes.create_ticket(eve, "[red]Wifi[/red] \x1b[31m", FROZEN.shift(days=-1))
    followups.set_cadence(eve, "weekly", FROZEN.shift(days=-3))
    results: list = []
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot, eve, results)
        about = static_text(form, "#check-in-about")
        assert about.startswith("[bold]Eve[/bold] [/ a\u241b[2Jb  ·  weekly check-in")
        assert "[red]Wifi[/red] \u241b[31m" in static_text(form, "#agenda-body")
        assert "[bold]Eve[/bold]" in shown(form.query_one("#check-in-about"))
        await pilot.press("tab", "n")  # all well? -> no
        form.query_one("#note", TextArea).text = HOSTILE_NOTE
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, CheckInForm)
        [call] = check_ins(eve)
        assert results == [call.id]
        assert call.note == HOSTILE_NOTE
        assert (call.direction, call.outcome, call.all_well) == ("out", "answered", False)
        assert Customer.get_by_id(eve).name == HOSTILE_NAME


async def test_not_all_well_needs_a_note_and_keeps_the_typing(desk):
    app, ids = desk
    followups.set_cadence(ids["alice"], "daily", FROZEN.shift(days=-10))
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, ids["alice"], results)
        await pilot.press("tab", "n", "tab", "space", "space", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert error_at(form, "note").startswith("Write what is not well")
        assert form.query_one("#field-note").has_class("-invalid-field")
        assert app.focused is form.query_one("#note", TextArea)
        assert form.query_one("#all_well").value == "no"
        assert form.query_one("#note", TextArea).text == "  "
        assert check_ins(ids["alice"]) == []
        await pilot.press(*"printer still jams")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        [call] = check_ins(ids["alice"])
        assert call.note == "  printer still jams" and call.all_well is False
        assert results == [call.id]


async def test_no_answer_logs_a_missed_attempt_without_a_verdict(desk):
    app, ids = desk
    followups.set_cadence(ids["alice"], "daily", FROZEN.shift(days=-10))
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, ids["alice"], results)
        await pilot.press("n")  # outcome -> no answer
        await pilot.pause()
        assert not form.query_one("#field-all_well").display
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        [call] = check_ins(ids["alice"])
        assert (call.outcome, call.all_well, call.note) == ("missed", None, "")
        assert results == [call.id]
        assert Customer.get_by_id(ids["alice"]).cadence == "daily"


async def test_step_down_is_offered_after_the_third_all_well_and_not_before(desk):
    app, ids = desk
    alice = ids["alice"]
    followups.set_cadence(alice, "daily", FROZEN.shift(days=-10))
    followups.log_check_in(alice, True, "", FROZEN.shift(days=-3))
    followups.log_check_in(alice, False, "modem", FROZEN.shift(days=-2))  # breaks the run
    followups.log_check_in(alice, True, "", FROZEN.shift(days=-1))
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, alice, results)
        assert "Last check-in Tue 15:00 (1 day ago)" in static_text(form, "#check-in-about")
        await pilot.press("ctrl+s")  # answered, all well: the 2nd in a row
        await settle(app, pilot)
        assert not isinstance(app.screen, (CheckInForm, StepDownConfirm))
        assert len(results) == 1 and Customer.get_by_id(alice).cadence == "daily"

        await open_form(app, pilot, alice, results)
        await pilot.press("ctrl+s")  # the 3rd in a row
        await settle(app, pilot)
        confirm = app.screen
        assert isinstance(confirm, StepDownConfirm)
        assert static_text(confirm, "#confirm-question") == (
            "3 check-ins in a row all well: check in twice a week instead of daily?")
        assert (str(confirm.query_one("#yes").label), str(confirm.query_one("#no").label)) == (
            "Step down (y)", "Keep daily (n)")
        assert app.focused is confirm.query_one("#yes")  # so enter accepts
        assert Customer.get_by_id(alice).cadence == "daily"  # nothing changes until the answer
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, (CheckInForm, StepDownConfirm))
        customer = Customer.get_by_id(alice)
        assert (customer.cadence, customer.cadence_since) == ("twice a week", FROZEN.to("UTC").naive)
        calls = check_ins(alice)
        assert results == [calls[-2].id, calls[-1].id]
        assert [c.all_well for c in calls] == [True, False, True, True, True]


async def test_keeping_the_cadence_still_saves_the_check_in(desk):
    app, ids = desk
    alice = ids["alice"]
    followups.set_cadence(alice, "twice a week", FROZEN.shift(days=-10))
    for days in (3, 2):
        followups.log_check_in(alice, True, "", FROZEN.shift(days=-days))
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(app, pilot, alice, results)
        await pilot.press("y")  # all-well bar is not focused: y on the outcome bar does nothing
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        confirm = app.screen
        assert isinstance(confirm, StepDownConfirm)
        assert "check in weekly instead of twice a week?" in static_text(confirm, "#confirm-question")
        await pilot.press("n")
        await settle(app, pilot)
        assert not isinstance(app.screen, (CheckInForm, StepDownConfirm))
        assert Customer.get_by_id(alice).cadence == "twice a week"
        assert results == [check_ins(alice)[-1].id]


async def test_y_accepts_the_step_down(desk):
    app, ids = desk
    alice = ids["alice"]
    followups.set_cadence(alice, "twice a week", FROZEN.shift(days=-10))
    for days in (3, 2):
        followups.log_check_in(alice, True, "", FROZEN.shift(days=-days))
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(app, pilot, alice, results)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, StepDownConfirm)
        await pilot.press("y")
        await settle(app, pilot)
        assert Customer.get_by_id(alice).cadence == "weekly"
        assert results == [check_ins(alice)[-1].id]


async def test_escape_on_a_clean_form_saves_nothing(desk):
    app, ids = desk
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(app, pilot, ids["bob"], results)
        assert "no check-in cadence" in static_text(app.screen, "#check-in-about")
        await pilot.press("escape")
        await settle(app, pilot)
        assert results == [None]
        assert check_ins(ids["bob"]) == []


async def test_nothing_to_step_down_to_from_weekly_or_custom(desk):
    app, ids = desk
    alice, bob = ids["alice"], ids["bob"]
    followups.set_cadence(alice, "weekly", FROZEN.shift(days=-30))
    followups.set_cadence(bob, "custom", FROZEN.shift(days=-30), every_days=10)
    for customer in (alice, bob):
        for days in (20, 10):
            followups.log_check_in(customer, True, "", FROZEN.shift(days=-days))
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        for customer, words in ((alice, "weekly check-in"), (bob, "check-in every 10 days")):
            form = await open_form(app, pilot, customer, results)
            assert words in static_text(form, "#check-in-about")
            await pilot.press("ctrl+s")  # the 3rd all-well in a row
            await settle(app, pilot)
            assert not isinstance(app.screen, (CheckInForm, StepDownConfirm))
        assert results == [check_ins(alice)[-1].id, check_ins(bob)[-1].id]
        assert cadence_of_both(alice, bob) == [("weekly", None), ("custom", 10)]


def cadence_of_both(*customer_ids: int) -> list[tuple]:
    return [(c.cadence, c.cadence_days) for c in (Customer.get_by_id(i) for i in customer_ids)]
