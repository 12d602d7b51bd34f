"""Synthetic trade unions: a register of a few dozen (40 at scale 1), so that most disputes are brought
by a union, as in a real country. Marked by their registration number (the sample's prefix, TU- and a
number), by which they are counted and removed; written by bulk_create, with their sectors."""

from django.db import transaction
from django_tenants.utils import tenant_context

from clmis.synthetic.tables import Sample
from modules.reference.models import Code
from modules.unions.models import ISIC_SECTIONS, TradeUnion
from tenants.models import Country

UNIONS = 40
# The kinds of union of a small economy, with the ISIC sections of their members.
KINDS = (
    ("Hotel and Tourism Workers' Union", "HTWU", ("I",)),
    ("Waterfront and Allied Workers' Union", "WAWU", ("H",)),
    ("Public Service Association", "PSA", ("O",)),
    ("Teachers' Union", "TU", ("P",)),
    ("Nurses' Association", "NA", ("Q",)),
    ("Construction and Allied Workers' Union", "CAWU", ("F",)),
    ("Commercial and Industrial Workers' Union", "CIWU", ("C", "G")),
    ("Agricultural Workers' Union", "AWU", ("A",)),
    ("Bank and Insurance Employees' Union", "BIEU", ("K",)),
    ("Security and General Workers' Union", "SGWU", ("N", "S")),
    ("Telecommunications and Energy Workers' Union", "TEWU", ("D", "J")),
)


def union_prefix(sample: Sample) -> str:
    return f"{sample.prefix}TU-"


def unions_ensure(country: Country, sample: Sample) -> tuple[int, int]:
    """The sample's unions that are missing (all of them the first time); returns how many there are
    and how many were made. Never removes one: disputes may name it."""
    with tenant_context(country):
        present = set(_ours(sample).values_list("registration_number", flat=True))
        sections = {code.code: code.pk for code in Code.objects.filter(**ISIC_SECTIONS)}
        districts = list(Code.objects.filter(classification__key="district", active=True).order_by("code"))
        rng = sample.random()
        unions = []
        for number in range(1, sample.count(UNIONS) + 1):
            name, acronym, letters = KINDS[(number - 1) % len(KINDS)]
            branch = (number - 1) // len(KINDS)
            union = TradeUnion(
                name=f"{name} {branch + 1}" if branch else name,
                acronym=f"{acronym}{branch + 1}" if branch else acronym,
                registration_number=f"{union_prefix(sample)}{number:03d}",
                sector_letters=", ".join(letter for letter in letters if letter in sections),
                members_women=int(rng.expovariate(1 / 400)),
                members_men=int(rng.expovariate(1 / 500)),
                district=rng.choice(districts) if districts else None,
                active=rng.random() >= 0.05,
            )
            if union.registration_number not in present:
                unions.append((union, letters))
        with transaction.atomic():
            TradeUnion.objects.bulk_create([union for union, _letters in unions])
            links = TradeUnion.sectors.through
            links.objects.bulk_create(
                links(tradeunion_id=union.pk, code_id=sections[letter])
                for union, letters in unions
                for letter in letters
                if letter in sections
            )
        return _ours(sample).count(), len(unions)


def unions_remove(sample: Sample) -> int:
    """Delete the sample's unions (only those) in the current schema, with their sectors."""
    return _ours(sample).delete()[1].get(TradeUnion._meta.label, 0)


def _ours(sample: Sample):
    return TradeUnion.objects.filter(registration_number__startswith=union_prefix(sample))
