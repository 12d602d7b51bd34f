"""Dimensions that many modules' tables share: the ISIC section, sex, and a code table such as the
districts or the nationalities. A module names the field its records hold; the reading is the same
everywhere, so a table by district reads alike in every module of a country."""

from django.db.models import F
from django.db.models.functions import Left
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
