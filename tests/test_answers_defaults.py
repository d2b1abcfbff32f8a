"""The defaults and argument checks of `sprint answer`, from the days the warehouse covers."""

from __future__ import annotations

import datetime as dt

import pytest

from sprint.answers.questions import Coverage
from sprint.errors import UserError

D = dt.date


@pytest.mark.parametrize("first, last, day, month", [
    (D(2026, 9, 7), D(2026, 10, 4), D(2026, 10, 3), D(2026, 9, 1)),  # the demo: September is complete
    (D(2026, 9, 7), D(2026, 10, 1), D(2026, 9, 30), D(2026, 9, 1)),  # the complete day ends its month
    (D(2026, 9, 7), D(2026, 9, 20), D(2026, 9, 19), D(2026, 9, 1)),  # no complete month yet: the day's
    (D(2026, 9, 28), D(2026, 10, 7), D(2026, 10, 6), D(2026, 9, 1)),  # a month that began before the data
    (D(2026, 10, 1), D(2026, 10, 20), D(2026, 10, 19), D(2026, 10, 1)),  # September not in the data
    (D(2026, 9, 7), D(2026, 9, 7), D(2026, 9, 7), D(2026, 9, 1)),  # a single day
])
def test_latest_complete_day_and_month(first, last, day, month):
    coverage = Coverage(first, last)
    assert (coverage.latest_complete_day, coverage.latest_complete_month) == (day, month)


def test_days_and_months_outside_the_data_are_user_errors():
    coverage = Coverage(D(2026, 9, 7), D(2026, 10, 4))
    coverage.check_day(D(2026, 9, 7), "--date")
    coverage.check_month(D(2026, 10, 1), "--month")
    with pytest.raises(UserError, match=r"^--date 2026-09-06: outside the data \(2026-09-07 to 2026-10-04\)$"):
        coverage.check_day(D(2026, 9, 6), "--date")
    with pytest.raises(UserError, match=r"^--month 2026-11: outside the data \(2026-09 to 2026-10\)$"):
        coverage.check_month(D(2026, 11, 1), "--month")
