"""Dimensions that many modules' tables share: the ISIC section, the ISCO major group, sex, age band,
and a code table such as the districts or the nationalities. A module names the field its records
hold; the reading is the same everywhere, so a table by district reads alike in every module."""

from django.db.models import Case, F, Func, IntegerField, Value, When
from django.db.models.functions import Left
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from modules.reference.choices import Sex
from modules.reference.models import Code
from modules.reports.tables import Dimension


def isic_section(path: str = "isic__path", label: Promise | str | None = None) -> Dimension:
    """By ISIC section, the first letter of the code's path ("I/55/551/5510"), read as "I Accommodation
    and food service activities"."""

    def labels() -> dict:
        sections = Code.objects.filter(classification__key="isic4", level=1)
        return {code: f"{code} {title}" for code, title in sections.values_list("code", "title")}

    return Dimension("section", label or _("Economic activity (ISIC section)"), Left(path, 1), labels=labels)


def isco_major_group(path: str = "occupation__path", label: Promise | str | None = None) -> Dimension:
    """By ISCO-08 major group, the first digit of the code's path ("2/22/222/2221"), read as
    "2 Professionals"."""

    def labels() -> dict:
        groups = Code.objects.filter(classification__key="isco08", level=1)
        return {code: f"{code} {title}" for code, title in groups.values_list("code", "title")}

    return Dimension("occupation", label or _("Occupation (ISCO major group)"), Left(path, 1), labels=labels)


# ILOSTAT's 10-year age bands (AGE_10YRBANDS_*, without the prefix): (code, label, first age, last age).
AGE_BANDS = (
    ("YLT15", _("under 15"), None, 14),
    ("Y15-24", _("15–24"), 15, 24),
    ("Y25-34", _("25–34"), 25, 34),
    ("Y35-44", _("35–44"), 35, 44),
    ("Y45-54", _("45–54"), 45, 54),
    ("Y55-64", _("55–64"), 55, 64),
    ("YGE65", _("65 and over"), 65, None),
)


def age_band(birth_date: str, on: str, label: Promise | str | None = None) -> Dimension:
    """By 10-year age band of the person's age on the date of the record (`on`: registered, injured...),
    the bands of working age always shown; no date of birth reads "not recorded". Age is in whole
    years, as people state it."""
    age = Func(
        F(on), F(birth_date), template="date_part('year', age(%(expressions)s))", output_field=IntegerField()
    )
    # Oldest band first: the first band whose first age is reached is the person's.
    bands = [
        When(GreaterThanOrEqual(age, first), then=Value(code))
        for code, _band, first, _last in reversed(AGE_BANDS)
        if first is not None
    ]
    expression = Case(*bands, When(LessThan(age, 15), then=Value("YLT15")), default=Value(None))
    return Dimension(
        "age",
        label or _("Age"),
        expression,
        labels=lambda: {code: band for code, band, _first, _last in AGE_BANDS},
        all_values=lambda: [code for code, _band, first, _last in AGE_BANDS if first is not None],
    )


def sex(field: str) -> Dimension:
    """By sex, women and men both shown even when one of them has nothing counted."""
    return Dimension(
        "sex", _("Sex"), F(field), labels=lambda: dict(Sex.choices), all_values=lambda: list(Sex.values)
    )


def code_table(
    key: str, label: Promise | str, relation: str, classification: str, *, every_code: bool = False
) -> Dimension:
    """By the code a relation points to, read as its title in the country's table.

    `every_code` shows each active code even with nothing counted: right for the dozen districts of a
    country, wrong for the two hundred and fifty nationalities.
    """

    def labels() -> dict:
        titles = Code.objects.filter(classification__key=classification).values_list("code", "title")
        return {**dict(titles), None: _("not recorded")}

    def all_values() -> list:
        if not every_code:
            return []
        active = Code.objects.filter(classification__key=classification, active=True).order_by("code")
        return list(active.values_list("code", flat=True))

    return Dimension(key, label, F(f"{relation}__code"), labels=labels, all_values=all_values)


def district(relation: str = "district") -> Dimension:
    """By district, every active district of the country shown, with nothing counted or not."""
    return code_table("district", _("District"), relation, "district", every_code=True)
