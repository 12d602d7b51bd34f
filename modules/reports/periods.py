"""Reporting periods written as people write them: 2026, 2026-Q2, 2026-06."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PATTERN = re.compile(r"^(\d{4})(?:-Q([1-4])|-(\d{2}))?$")


@dataclass(frozen=True)
class Period:
    text: str
    start: date
    end: date

    @property
    def bounds(self) -> tuple[date, date]:
        return self.start, self.end


def period_parse(text: str) -> Period:
    match = PATTERN.match(text.strip())
    # Year 0 matches the pattern but is no date's year ("0000" would fail later, as a server error).
    if not match or int(match.group(1)) == 0 or (match.group(3) and not 1 <= int(match.group(3)) <= 12):
        raise ValidationError(
            _("Write the period as a year (2026), a quarter (2026-Q2) or a month (2026-06).")
        )
    year, quarter, month = int(match.group(1)), match.group(2), match.group(3)
    if quarter:
        first = 3 * (int(quarter) - 1) + 1
        return Period(text, date(year, first, 1), _month_end(year, first + 2))
    if month:
        return Period(text, date(year, int(month), 1), _month_end(year, int(month)))
    return Period(text, date(year, 1, 1), date(year, 12, 31))


def _month_end(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)
