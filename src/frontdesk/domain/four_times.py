"""The four times of a ticket: needed, expected, promised, closed.

- *Needed by*: what the customer asked for.
- *Expected by*: what our own history says.  The ticket's opening time plus
  the median time it took to close this customer's past tickets of the same
  priority; when the customer has fewer than 3 such tickets, the median over
  all customers' tickets of that priority.  The sample size is always shown,
  so "expected Tuesday (median of 2 tickets)" is read with a pinch of salt.
- *Promised by*: what we told the customer.
- *Closed*: when it was done, and whether the customer was satisfied.

When a promise is earlier than history expects, the ticket form warns (the
receptionist may still save): a promise we are unlikely to keep costs more
trust than a later, honest one.

Pure functions; times are naive UTC datetimes.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from frontdesk.domain import clock

THIS_CUSTOMER = "this customer"
ALL_CUSTOMERS = "all customers"
OWN_HISTORY_NEEDED = 3  # this customer's own tickets needed before we trust their history
NONE = "—"


@dataclass(frozen=True)
class Expected:
    """When history says a ticket will be closed, and how much history that is."""

    at: datetime
    sample_size: int
    scope: str  # THIS_CUSTOMER or ALL_CUSTOMERS
    typical: timedelta  # the median time to close

    def basis(self) -> str:
        """'median of 14 tickets' / "median of this customer's 5 tickets"."""
        count = f"{self.sample_size} ticket" + ("" if self.sample_size == 1 else "s")
        if self.scope == THIS_CUSTOMER:
            return f"median of this customer's {count}"
        return f"median of {count}"


def median_close_time(durations: list[timedelta]) -> timedelta | None:
    """The middle time-to-close (the mean of the middle two for an even count); None for none."""
    if not durations:
        return None
    return statistics.median(durations)


def expected_by(
    opened_at: datetime, own_durations: list[timedelta], all_durations: list[timedelta]
) -> Expected | None:
    """Expected-by for a ticket opened at `opened_at`.

    `own_durations` are the times-to-close of this customer's past tickets of
    the same priority, `all_durations` those of every customer (same
    priority).  This customer's history is used when there are at least 3
    tickets, else everyone's (at least 1); None without any history.
    """
    if len(own_durations) >= OWN_HISTORY_NEEDED:
        sample, scope = own_durations, THIS_CUSTOMER
    elif all_durations:
        sample, scope = all_durations, ALL_CUSTOMERS
    else:
        return None
    typical = median_close_time(sample)
    assert typical is not None
    return Expected(at=opened_at + typical, sample_size=len(sample), scope=scope, typical=typical)


def promise_warning(promised_by: datetime | None, expected: Expected | None) -> str | None:
    """One plain sentence when a promise is earlier than history expects, else None.

    e.g. "History says about 2 days (median of 14 tickets): this promise is
    1 day earlier than expected."
    """
    if promised_by is None or expected is None or promised_by >= expected.at:
        return None
    early = (expected.at - promised_by).total_seconds()
    return (
        f"History says about {clock.span(expected.typical.total_seconds())} ({expected.basis()}): "
        f"this promise is {clock.span(early)} earlier than expected."
    )


def _when(moment: datetime | None, tz: str) -> str:
    shown = clock.local(moment, tz)
    return shown.format("ddd YYYY-MM-DD HH:mm") if shown else NONE


def four_times(ticket, expected: Expected | None, tz: str) -> list[tuple[str, str]]:
    """(label, value) rows for the ticket's detail view, in the business zone.

    `ticket` is anything with needed_by, promised_by, status, closed_at and
    optionally follow_up_done_at and satisfaction ("satisfied" / "not
    satisfied" / "").
    """
    if expected is None:
        expected_text = f"{NONE} (no history yet)"
    else:
        expected_text = f"{_when(expected.at, tz)} (history, n={expected.sample_size}, {expected.scope})"
    closed_at = getattr(ticket, "closed_at", None)
    if ticket.status != "closed" or closed_at is None:
        closed_text = "open"
    else:
        satisfaction = getattr(ticket, "satisfaction", "") or ""
        if satisfaction:
            outcome = satisfaction
        elif getattr(ticket, "follow_up_done_at", None) is not None:
            outcome = "follow-up made"
        else:
            outcome = "follow-up pending"
        closed_text = f"{_when(closed_at, tz)} · {outcome}"
    return [
        ("needed by (customer)", _when(getattr(ticket, "needed_by", None), tz)),
        ("expected by", expected_text),
        ("promised by", _when(ticket.promised_by, tz)),
        ("closed / satisfied", closed_text),
    ]
