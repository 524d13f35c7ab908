"""The caller card's text: what the desk sees the moment a caller is recognised."""

from __future__ import annotations

from frontdesk.domain import phones
from frontdesk.store import queries, writes
from frontdesk.domain.clock import utc_naive as utc
from frontdesk.ui.widgets.caller_card import render_card

TZ = "America/New_York"


def test_card_shows_tickets_visits_and_last_calls_literally(db, now):
    customer = writes.create_customer("Ann [bold]Lee\x1b[2J", phones.parse("(650) 253-0000"), now)
    writes.create_ticket(customer, "Printer [/jam", now.shift(days=-1), promised_by=utc(now.shift(hours=-2)))
    writes.create_ticket(customer, "No promise yet", now)
    writes.create_visit(customer, utc(now.shift(hours=-2)), utc(now.shift(hours=-1)), now)
    writes.log_call(writes.CallDraft(started_at=utc(now.shift(minutes=-30)), customer_id=customer,
                                     outcome="missed", reason="billing"), now.shift(minutes=-30))
    writes.log_call(writes.CallDraft(started_at=utc(now.shift(minutes=-10)), customer_id=customer,
                                     reason="scheduling", note="wants Friday"), now.shift(minutes=-10))
    text = render_card(queries.caller_card(customer, now, TZ), now, TZ).plain
    assert "Ann [bold]Lee␛[2J" in text and "\x1b" not in text
    assert "#1 Printer [/jam  promised 2 h late" in text
    assert "#2 No promise yet  never" in text  # no "promised —" for a ticket without a promise
    assert "14:00–15:00" not in text and "13:00–14:00  no tech yet  LATE 1 h" in text
    assert "14:50 ← scheduling  wants Friday" in text
    assert "14:30 ← missed" in text  # a missed call says so, not its reason
