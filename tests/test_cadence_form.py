"""The check-in cadence form, driven through the real app."""

from __future__ import annotations

from textual.widgets import Input

from frontdesk.store import follow_up_writes as followups, writes
from frontdesk.domain import phones
from frontdesk.ui.screens.cadence_form import CadenceForm
from frontdesk.store.models import Customer
from ui_helpers import FROZEN, desk, error_at, settle, shown, static_text  # noqa: F401  (desk is a fixture)

HOSTILE_NAME = "[bold]Eve[/bold] [/ a\x1b[2Jb"
NOW_UTC = FROZEN.to("UTC").naive


async def open_form(app, pilot, customer_id: int, results: list) -> CadenceForm:
    await settle(app, pilot)
    app.push_screen(CadenceForm(customer_id), results.append)
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, CadenceForm)
    return form


def cadence_of(customer_id: int) -> tuple:
    customer = Customer.get_by_id(customer_id)
    return customer.cadence, customer.cadence_days, customer.cadence_since


async def test_opens_on_the_current_cadence_and_saves_a_new_one(desk):
    app, ids = desk
    followups.set_cadence(ids["alice"], "daily", FROZEN.shift(days=-10))
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, ids["alice"], results)
        assert static_text(form, "#cadence-about").splitlines() == [
            "Alice Jones", "Now: check-ins daily since 2026-11-15 15:00"]
        bar = form.query_one("#cadence")
        assert bar.value == "daily" and app.focused is bar
        assert not form.query_one("#field-every_days").display
        assert form.query_one(".form-keys").region.bottom <= 23  # fits at 80x24
        await pilot.press("w", "ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, CadenceForm)
        assert results == [("weekly", None)]
        assert cadence_of(ids["alice"]) == ("weekly", None, NOW_UTC)


async def test_none_is_preselected_and_stops_check_ins(desk):
    app, ids = desk
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, ids["bob"], results)
        assert "Now: no regular check-ins" in static_text(form, "#cadence-about")
        assert form.query_one("#cadence").value == "none"
        await pilot.press("t", "ctrl+s")  # twice a week
        await settle(app, pilot)
        assert results == [("twice a week", None)]
        assert cadence_of(ids["bob"]) == ("twice a week", None, NOW_UTC)

        await open_form(app, pilot, ids["bob"], results)
        assert app.screen.query_one("#cadence").value == "twice a week"
        await pilot.press("n", "ctrl+s")
        await settle(app, pilot)
        assert results[-1] == ("", None)
        assert cadence_of(ids["bob"]) == ("", None, None)


async def test_custom_days_are_checked_at_the_field_and_the_typing_kept(desk):
    app, ids = desk
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, ids["alice"], results)
        await pilot.press("c")
        await pilot.pause()
        assert form.query_one("#field-every_days").display
        await pilot.press("tab", "ctrl+s")  # nothing typed
        await settle(app, pilot)
        assert error_at(form, "every_days") == "Every how many days? Enter a whole number from 1 to 60."
        for typed in ("0", "61", "two", "1.5", "-3"):
            form.query_one("#every_days", Input).value = typed
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert app.screen is form
            assert error_at(form, "every_days") == "Every how many days? Enter a whole number from 1 to 60."
            assert form.query_one("#every_days", Input).value == typed
            assert form.query_one("#field-every_days").has_class("-invalid-field")
        assert cadence_of(ids["alice"]) == ("", None, None)
        form.query_one("#every_days", Input).value = ""
        await pilot.press("1", "0", "enter")  # enter in the days field saves
        await settle(app, pilot)
        assert results == [("custom", 10)]
        assert cadence_of(ids["alice"]) == ("custom", 10, NOW_UTC)


async def test_a_custom_cadence_opens_with_its_days(desk):
    app, ids = desk
    followups.set_cadence(ids["alice"], "custom", FROZEN.shift(days=-2), every_days=14)
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, ids["alice"], results)
        assert "Now: check-ins every 14 days since Mon 15:00" in static_text(form, "#cadence-about")
        assert form.query_one("#cadence").value == "custom"
        assert form.query_one("#every_days", Input).value == "14"
        assert form.query_one("#field-every_days").display
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(app, pilot)
        assert results == [None]
        assert cadence_of(ids["alice"])[:2] == ("custom", 14)


async def test_hostile_name_is_shown_literally(desk):
    app, _ids = desk
    eve = writes.create_customer(HOSTILE_NAME, phones.parse("+1 212 555 0188", "US"), FROZEN.shift(days=-3))
    results: list = []
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot, eve, results)
        assert static_text(form, "#cadence-about").splitlines()[0] == "[bold]Eve[/bold] [/ a\u241b[2Jb"
        assert "[bold]Eve[/bold]" in shown(form.query_one("#cadence-about"))
        await pilot.press("d", "ctrl+s")
        await settle(app, pilot)
        assert results == [("daily", None)]
        assert Customer.get_by_id(eve).name == HOSTILE_NAME
