"""The end of the Widerspruchsfrist (§ 31 VwVfG with §§ 187, 188 BGB) from the Bekanntgabe."""

from __future__ import annotations

from datetime import date

import pytest

from rathaus.verfahren.services.zda import widerspruchsfrist_ende


@pytest.mark.parametrize(
    ("bekanntgabe", "ende"),
    [
        (date(2026, 3, 12), date(2026, 4, 13)),  # 12.04.2026 is a Sunday → Monday
        (date(2026, 4, 15), date(2026, 5, 15)),  # Friday stays
        (date(2026, 1, 31), date(2026, 3, 2)),  # no 31 February: 28.02. (Saturday) → Monday
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year, Tuesday
        (date(2026, 12, 15), date(2027, 1, 15)),  # into the next year
        (date(2026, 5, 30), date(2026, 6, 30)),
    ],
)
def test_widerspruchsfrist_ends_a_month_later_on_a_working_day(bekanntgabe, ende):
    assert widerspruchsfrist_ende(bekanntgabe) == ende
    assert ende.weekday() < 5
