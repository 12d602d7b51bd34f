"""Every change to the trade unions register goes through these functions."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clmis.records.locking import record_save
from modules.reference.models import Code
from modules.unions.models import ISIC_SECTIONS, TradeUnion


@transaction.atomic
def union_save(
    *, union: TradeUnion | None = None, values: Mapping[str, object], version: int | None, by
) -> TradeUnion:
    """Register a new trade union or change one; a stale edit or a code from the wrong table is refused.

    `values` may carry `sectors` (ISIC section codes); without it the union's sectors stay as they are.
    """
    values = dict(values)
    sectors = values.pop("sectors", None)
    _check_district(values)
    if sectors is not None:
        sectors = _sections(sectors)
        values["sector_letters"] = ", ".join(code.code for code in sectors)
    union = record_save(union or TradeUnion(), values=values, version=version, by=by)
    if sectors is not None:
        union.sectors.set(sectors)
    return union


def _sections(codes: Iterable[Code]) -> list[Code]:
    wanted = {code.pk: code for code in codes}
    sections = list(Code.objects.filter(pk__in=wanted, **ISIC_SECTIONS).order_by("code"))
    found = {section.pk for section in sections}
    wrong = sorted(code.code for pk, code in wanted.items() if pk not in found)
    if wrong:
        raise ValidationError(
            {
                "sectors": _("%(codes)s: choose sections of ISIC (a letter, such as C or I).")
                % {"codes": ", ".join(wrong)}
            }
        )
    return sections


def _check_district(values: Mapping[str, object]) -> None:
    district = values.get("district")
    if isinstance(district, Code) and district.classification.key != "district":
        raise ValidationError(
            {"district": _("Choose a code of the %(table)s table.") % {"table": "district"}}
        )
