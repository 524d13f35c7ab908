"""The in-process measurements for one database, run by bench/run.py.

    python bench/_session.py DB TZ REPEATS OUT

Prints nothing; writes JSON to OUT: for each measure the list of timings in
milliseconds (the parent takes medians), plus peak RSS and the sizes of
today and of history.  Settings come from the environment the parent sets
(FRONTDESK_DB, FRONTDESK_TZ, and a private config dir).
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time

DB, TZ, REPEATS, OUT = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
WARM_FORMS = 40  # call-form openings before the form and the leak are measured: the steady state
# a first-name prefix, a common trigram, across words, none; two letters (too short for the trigram index), two none
FRAGMENTS = ("mar", "son", "a. w", "zqx", "ez", "qz")


def timed(function, repeats: int = REPEATS) -> list[float]:
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        out.append((time.perf_counter() - start) * 1000)
    return out


def queue_rules(snapshot, now, settings) -> bool:
    """The call-now queue's rules on the snapshot's facts, as the dashboard applies them (when present)."""
    try:
        from frontdesk.domain import call_now
    except ImportError:
        return False
    facts = getattr(snapshot, "queue", None)
    build = getattr(call_now, "build_queue", None)
    if facts is None or build is None:
        return False
    try:
        build(facts.visits, facts.tickets, facts.callbacks, facts.cadences, now, settings.thresholds,
              settings.schedule, TZ)
    except (TypeError, AttributeError):
        return False  # another signature: still measured on screen (`r`)
    return True


def refresh_once(now, settings):
    """What the desk's refresh does: a fresh connection, the snapshot (with the queue's facts), the queue."""
    from frontdesk.store import queries
    from frontdesk.store.models import db

    with db.connection_context():
        snapshot = queries.dashboard(now, TZ)
    return snapshot, queue_rules(snapshot, now, settings)


def measure_queries(results: dict) -> None:
    import arrow

    from frontdesk.domain import phones
    from frontdesk.store import queries, writes
    from frontdesk import store
    from frontdesk.store.models import Call, Customer, Phone, db

    from frontdesk.files import config

    settings = config.load_settings()
    store.open_database(DB)
    now = arrow.utcnow()
    snapshot, with_queue = refresh_once(now, settings)
    results["today"] = {"calls": len(snapshot.calls), "callbacks owed": len(snapshot.scheduled),
                        "open tickets": len(snapshot.tickets), "visits": len(snapshot.visits)}
    store.open_database(DB)
    results["history"] = {"calls": Call.select().count(), "customers": Customer.select().count()}
    results["queue rules"] = with_queue
    results["refresh"] = timed(lambda: refresh_once(now, settings))
    store.open_database(DB)

    # the busiest caller: the worst case for a lookup and for settling callbacks on save
    heavy = db.execute_sql(
        "SELECT customer_id FROM call WHERE customer_id IS NOT NULL GROUP BY customer_id ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()[0]
    number = Phone.select(Phone.e164).where(Phone.customer == heavy).order_by(Phone.id).first().e164
    national = phones.display(number, "US")
    results["lookup"] = timed(lambda: queries.customers_by_phone(national, "US"))
    results["lookup partial"] = timed(lambda: queries.customers_by_phone(number[-4:], "US"))
    for fragment in FRAGMENTS:
        results[f"search {fragment!r}"] = timed(lambda: queries.customers_by_name(fragment))
        results[f"search {fragment!r} hits"] = len(queries.customers_by_name(fragment))

    # saving a call: the busiest caller, answered (so owed callbacks are settled), committed
    parsed = phones.parse(national, "US")
    saved: list[int] = []

    def save():
        moment = arrow.utcnow()
        draft = writes.CallDraft(started_at=moment.naive, phone_raw=national, phone=parsed, customer_id=heavy,
                                 reason="status inquiry", note="bench")
        saved.append(writes.log_call(draft, moment))

    results["save"] = timed(save)
    with db.atomic():  # leave the file as it was
        Call.delete().where(Call.id.in_(saved)).execute()
    store.close_database()


async def measure_screen(results: dict) -> None:
    import os

    from textual.app import App

    from frontdesk.files import config
    from frontdesk.ui.app import FrontDeskApp
    from frontdesk.ui.screens.call_form import CallForm
    from frontdesk.ui.screens.dashboard import DashboardScreen

    frames: list[tuple[float, type]] = []
    original_display = App._display

    def _display(self, screen, renderable):
        original_display(self, screen, renderable)
        if renderable is not None and not self._batch_count:
            # headless skips turning the frame into terminal codes: do it, as a terminal would need
            renderable.render_segments(self.console)
            frames.append((time.perf_counter(), type(screen)))  # the class: keeping screens would leak them

    App._display = _display
    applied: list[float] = []
    original_apply = DashboardScreen._apply

    def _apply(self, snapshot, now):
        original_apply(self, snapshot, now)
        applied.append(time.perf_counter())

    DashboardScreen._apply = _apply

    async def frame_after(start: float, pilot, want=lambda screen: True, after_apply: bool = False) -> float:
        for _ in range(2000):
            if after_apply and not any(t >= start for t in applied):
                await asyncio.sleep(0.001)
                continue
            floor = max([start] + ([t for t in applied if t >= start][:1] if after_apply else []))
            hits = [t for t, screen in frames if t >= floor and want(screen)]
            if hits:
                return (hits[0] - start) * 1000
            await asyncio.sleep(0.001)
        raise TimeoutError("no frame")

    os.environ["FRONTDESK_DB"] = DB
    settings = config.load_settings()
    app = FrontDeskApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            if applied:
                break
            await pilot.pause(0.01)
        await pilot.pause()
        cursor, form, refresh = [], [], []
        for index in range(REPEATS):
            start = time.perf_counter()
            await pilot.press("down" if index % 2 == 0 else "up")
            cursor.append(await frame_after(start, pilot))
            await pilot.pause()
        import gc

        async def open_and_close() -> None:
            start = time.perf_counter()
            await pilot.press("c")
            await frame_after(start, pilot, lambda kind: issubclass(kind, CallForm))
            await app.workers.wait_for_complete()
            start = time.perf_counter()
            await pilot.press("escape")
            await frame_after(start, pilot, lambda kind: issubclass(kind, DashboardScreen))
            await pilot.pause()

        for _ in range(WARM_FORMS):  # a desk opens the form all day: measure the steady state
            await open_and_close()
        gc.collect()
        objects_before = len(gc.get_objects())
        for _ in range(REPEATS):
            start = time.perf_counter()
            await pilot.press("c")
            form.append(await frame_after(start, pilot, lambda kind: issubclass(kind, CallForm)))
            await pilot.pause()
            await app.workers.wait_for_complete()
            start = time.perf_counter()
            await pilot.press("escape")
            await frame_after(start, pilot, lambda kind: issubclass(kind, DashboardScreen))
            await pilot.pause()
        gc.collect()
        results["form kept objects"] = (len(gc.get_objects()) - objects_before) / REPEATS
        for _ in range(REPEATS):
            start = time.perf_counter()
            await pilot.press("r")
            refresh.append(await frame_after(start, pilot, after_apply=True))
            await app.workers.wait_for_complete()
            await pilot.pause()
        results["key cursor"] = cursor
        results["key call form"] = form
        results["key refresh"] = refresh
        await pilot.press("q")


def main() -> None:
    results: dict = {}
    measure_queries(results)
    asyncio.run(measure_screen(results))
    results["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump(results, handle)


if __name__ == "__main__":
    main()
