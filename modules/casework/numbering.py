"""Reference numbers by a per-country pattern, allocated without duplicates under parallel creation.

Tokens: {seq} or {seq:05} (the counter, zero-padded), {yyyy}, {yy}, {mm}, {MONTH} (month name), {CC}
(the country code) and {TYPE} (the case type's short code). The counter restarts whenever the rest of
the pattern changes: "{seq:05}/{yyyy}" counts per year, "{TYPE}-{seq}" never restarts.

Because it restarts, a new pattern that renders like numbers given before could give them again; the
checks below find that before a country's pattern is saved.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Model, Q
from django.utils.functional import Promise
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
# A running number wider than any padding ({seq:09} at most): patterns that render it alike give the
# same numbers once their counters are that far, whatever their padding.
WIDE = 10**10


@dataclass(frozen=True)
class Numbering:
    """A numbering space: a case type's references, or another number it gives (a permit number on
    approval). Its key names its counters and the country's pattern (NumberingRule.case_type)."""

    key: str
    label: Promise | str
    type_code: str
    default_pattern: str
    # The field of the case type that holds the numbers given.
    field: str = "reference"
    # The case type it belongs to, filled in by Case.numberings().
    model: type[Model] | None = None


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
    pattern = pattern_in_force(case_type, default_pattern)
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


def pattern_in_force(key: str, default_pattern: str) -> str:
    """The country's pattern for a numbering, or its default."""
    from modules.casework.models import NumberingRule

    return (
        NumberingRule.objects.filter(case_type=key).values_list("pattern", flat=True).first()
        or default_pattern
    )


def numbers_next(patterns: Sequence[tuple[Numbering, str]], *, on: date) -> list[str]:
    """The number each (numbering, pattern) would give next on that day, without taking it (examples to
    show): their counters read in one statement, however many case types the country has."""
    from modules.casework.models import CaseCounter

    country = connection.schema_name
    scopes = [
        render(pattern, on=on, country=country, type_code=numbering.type_code, seq=None)
        for numbering, pattern in patterns
    ]
    wanted = Q(pk__in=[])
    for (numbering, _pattern), scope in zip(patterns, scopes, strict=True):
        wanted |= Q(case_type=numbering.key, scope=scope)
    last = {
        (case_type, scope): value
        for case_type, scope, value in CaseCounter.objects.filter(wanted).values_list(
            "case_type", "scope", "last_value"
        )
    }
    return [
        render(
            pattern,
            on=on,
            country=country,
            type_code=numbering.type_code,
            seq=last.get((numbering.key, scope), 0) + 1,
        )
        for (numbering, pattern), scope in zip(patterns, scopes, strict=True)
    ]


def number_given_again(numbering: Numbering, pattern: str) -> str | None:
    """A number already given that the pattern would give again, or None.

    Numbers of the pattern's shape are found in the database, whichever pattern gave them (every case
    type's references are in one unique column); each is one the pattern would give on some day with
    some running number, and it would give it again if that number is beyond its counter there:
    "00001/2026" after a change from {seq:05}/{yyyy} to 0{seq:04}/{yyyy}, whose counter restarts.
    """
    from modules.casework.models import CaseCounter

    country = connection.schema_name
    shape, tokens = _shape(pattern, country=country, type_code=numbering.type_code)
    holder = numbering.model._meta.get_field(numbering.field).model
    counters = dict(CaseCounter.objects.filter(case_type=numbering.key).values_list("scope", "last_value"))
    numbers = (
        holder._default_manager.filter(**{f"{numbering.field}__regex": f"^{shape}$"})
        .order_by(numbering.field)
        .values_list(numbering.field, flat=True)
    )
    for number in numbers.iterator():
        found = _seq_and_scope(pattern, number, shape, tokens, country=country, type_code=numbering.type_code)
        if found is not None and found[0] > counters.get(found[1], 0):
            return number
    return None


def patterns_alike(
    first: Numbering, first_pattern: str, second: Numbering, second_pattern: str, *, on: date
) -> bool:
    """Whether two numberings would give the same numbers once their counters are far enough:
    {seq:05}/{yyyy} and {seq}/{yyyy} do from 10000/2026 on, {TYPE}-{seq} of two types never."""
    country = connection.schema_name
    return render(first_pattern, on=on, country=country, type_code=first.type_code, seq=WIDE) == render(
        second_pattern, on=on, country=country, type_code=second.type_code, seq=WIDE
    )


def _shape(pattern: str, *, country: str, type_code: str) -> tuple[str, list[str]]:
    """A regular expression of the numbers a pattern gives (for Python and PostgreSQL alike), and the
    token each of its groups is."""
    parts, tokens, position = [], [], 0
    for match in TOKEN.finditer(pattern):
        parts.append(re.escape(pattern[position : match.start()]))
        name = match.group(1)
        if name.startswith("seq"):
            width = int(match.group(2) or 0)
            # As str(seq).zfill(width) writes it: exactly `width` digits, or more without a leading zero.
            parts.append(f"([0-9]{{{width}}}|[1-9][0-9]{{{width},}})" if width else "([1-9][0-9]*)")
            tokens.append("seq")
        elif name in ("CC", "TYPE"):
            parts.append(re.escape(country.upper() if name == "CC" else type_code))
        else:
            parts.append(
                {"yyyy": "([0-9]{4})", "yy": "([0-9]{2})", "mm": "([0-9]{2})"}.get(name)
                or f"({'|'.join(MONTHS)})"
            )
            tokens.append(name)
        position = match.end()
    parts.append(re.escape(pattern[position:]))
    return "".join(parts), tokens


def _seq_and_scope(
    pattern: str, number: str, shape: str, tokens: list[str], *, country: str, type_code: str
) -> tuple[int, str] | None:
    """The running number and counter scope with which the pattern gives `number`, if it can."""
    match = re.fullmatch(shape, number)
    if match is None:
        return None
    values: dict[str, str] = {}
    for token, value in zip(tokens, match.groups(), strict=True):
        values.setdefault(token, value)
    year = int(values["yyyy"]) if "yyyy" in values else 2000 + int(values.get("yy", "0"))
    month = int(values["mm"]) if "mm" in values else MONTHS.index(values.get("MONTH", "January")) + 1
    if year < 1 or not 1 <= month <= 12:
        return None
    on, seq = date(year, month, 1), int(values["seq"])
    if render(pattern, on=on, country=country, type_code=type_code, seq=seq) != number:
        return None  # a token written twice ({yyyy}...{yyyy}) with two different values
    return seq, render(pattern, on=on, country=country, type_code=type_code, seq=None)
