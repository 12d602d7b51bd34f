"""Reference numbers by a per-country pattern, allocated without duplicates under parallel creation.

Tokens: {seq} or {seq:05} (the counter, zero-padded), {yyyy}, {yy}, {mm}, {MONTH} (month name), {CC}
(the country code) and {TYPE} (the case type's short code). The counter restarts whenever the rest of
the pattern changes: "{seq:05}/{yyyy}" counts per year, "{TYPE}-{seq}" never restarts.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

TOKEN = re.compile(r"\{(seq(?::0?(\d))?|yyyy|yy|mm|MONTH|CC|TYPE)\}")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def pattern_check(pattern: str) -> None:
    """A pattern must number every case uniquely: exactly one {seq}, only known tokens, a sane length."""
    if pattern.count("{seq") != 1:
        raise ValidationError(
            _("The pattern needs exactly one {seq} (the running number), e.g. {seq:05}/{yyyy}.")
        )
    unknown = re.sub(TOKEN, "", pattern)
    if "{" in unknown or "}" in unknown:
        raise ValidationError(
            _("Unknown token in %(pattern)s. Use {seq}, {seq:05}, {yyyy}, {yy}, {mm}, {MONTH}, {CC}, {TYPE}.")
            % {"pattern": pattern}
        )
    if len(pattern) > 40:
        raise ValidationError(_("Keep the pattern under 40 characters."))


def render(pattern: str, *, on: date, country: str, type_code: str, seq: int | None) -> str:
    def token(match: re.Match) -> str:
        name = match.group(1)
        if name.startswith("seq"):
            return "" if seq is None else str(seq).zfill(int(match.group(2) or 0))
        return {
            "yyyy": f"{on.year:04d}",
            "yy": f"{on.year % 100:02d}",
            "mm": f"{on.month:02d}",
            "MONTH": MONTHS[on.month - 1],
            "CC": country.upper(),
            "TYPE": type_code,
        }[name]

    return TOKEN.sub(token, pattern)


def reference_allocate(*, case_type: str, type_code: str, default_pattern: str, on: date) -> str:
    """The next reference for a case type in the current country, e.g. "00042/2026".

    The counter row is created if missing (ON CONFLICT: two first cases of a year race safely) and then
    locked for the rest of the transaction, so parallel creations wait for each other's number.
    """
    from modules.casework.models import NumberingRule

    pattern = NumberingRule.objects.filter(case_type=case_type).values_list("pattern", flat=True).first()
    pattern = pattern or default_pattern
    country = connection.schema_name
    scope = render(pattern, on=on, country=country, type_code=type_code, seq=None)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO casework_casecounter (case_type, scope, last_value) VALUES (%s, %s, 0) "
            "ON CONFLICT (case_type, scope) DO NOTHING",
            [case_type, scope],
        )
        cursor.execute(
            "UPDATE casework_casecounter SET last_value = last_value + 1 "
            "WHERE case_type = %s AND scope = %s RETURNING last_value",
            [case_type, scope],
        )
        (seq,) = cursor.fetchone()
    return render(pattern, on=on, country=country, type_code=type_code, seq=seq)
