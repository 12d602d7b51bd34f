"""Synthetic employers: a register of realistic size, so lists, searches and exports are judged at the
size a country really has, not at the 18 demo rows.

Unique names, unique registration numbers, ISIC classes drawn with a long tail (a few activities are
common, most are rare), mostly small businesses, every district, ~10% no longer in business. The rows
are marked by their registration number (the sample's prefix and a number: BENCH-000001, SYN-000001...)
so they are recognised, counted and removed; the rest of the country is never touched.

Rows go in by bulk_create in batches (one INSERT of a few thousand rows each): the product's save()
would also write an audit record per row, which synthetic data does not need and which would make
setting up take minutes instead of seconds.
"""

import math
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from django.db import connection, transaction
from django_tenants.utils import tenant_context

from clmis.synthetic.tables import Sample, tables_analyse, zipf_cumulative
from modules.employers.models import Employer, SizeBand
from modules.reference.models import Code
from tenants.models import Country

BATCH = 5_000
# How many rows each size band gets at scale 1, exactly (shuffled): mostly micro businesses, a twentieth
# with 250 workers or more.
SIZE_BANDS = {SizeBand.MICRO: 50_000, SizeBand.SMALL: 30_000, SizeBand.MEDIUM: 15_000, SizeBand.LARGE: 5_000}
INACTIVE_SHARE = 0.10
# The classes of the demo employers: the most common activities of a small island economy first.
COMMON_ISIC = (
    *("4711", "5610", "4520", "4100", "5510", "4772", "1071", "4752", "8010", "0113"),
    *("6419", "8620", "7912", "5222", "0311", "1104", "8220"),
)
# Zipf exponent of the ISIC classes: the most common class ~11% of rows, half of all rows in the 25 most
# common classes, more than half of the classes under 0.1% each.
ISIC_SKEW = 0.9
# Word lists as text: as tuple literals, formatted, they would take a line per word.
_SURNAMES = """
    Liburd Joseph Browne Charles Henry Mills Gumbs Francis Hodge Williams Richards Phipps Caines Morton
    Isaac Warner Hanley Douglas Skerritt Amory Pemberton Lawrence Nisbett Powell Condor Dore Jeffers
    Matthew Tyson Walwyn Maynard Bridgewater Claxton Daniel Elliott Fahie Glasgow Herbert Huggins Manners
    Martin Mussenden Parry Rawlins Sutton Thompson Webbe Wilkin Yearwood Astaphan Boon Chapman Cotton
    Crooke Duporte Esdaille Harris Lake Stapleton
"""
_TRADES = """
    Trading, Bakery, Hardware, Construction, Auto Repairs, Pharmacy, Restaurant, Supermarket, Guest House,
    Security, Fisheries, Farms, Tours, Marina, Bottling, Electrical, Plumbing, Printing, Furniture,
    Garments, Courier, Cleaning Services, Accounting, Insurance Brokers, Car Rental, Beauty Salon,
    Medical Centre, Engineering, Shipping Agency, Water Sports
"""
SURNAMES = tuple(_SURNAMES.split())
TRADES = tuple(trade.strip() for trade in _TRADES.split(","))
# Every name is "<surname> & <another surname> <trade>": over 100,000 combinations, numbered past them.
NAMES = len(SURNAMES) * (len(SURNAMES) - 1) * len(TRADES)


@dataclass(frozen=True)
class EmployerData:
    """The sample's employers in a country, and what creating them cost in this run."""

    sample_rows: int
    country_rows: int
    created: int
    seconds: float
    analyse_seconds: float
    isic_classes: int
    districts: int


def size_bands(sample: Sample) -> dict[str, int]:
    """How many employers of each size band the sample has."""
    return {band: sample.count(count) for band, count in SIZE_BANDS.items()}


def employers_ensure(country: Country, sample: Sample, *, fresh: bool = False) -> EmployerData:
    """Create the sample's employers that are missing (all of them the first time), then refresh statistics.

    Idempotent: rows are generated deterministically by number, and only the numbers not yet present are
    inserted, so an interrupted run is completed rather than duplicated.
    """
    with tenant_context(country):
        if fresh:
            employers_remove(sample)
        isic = list(Code.objects.filter(classification__key="isic4", level=4, active=True).order_by("path"))
        districts = list(Code.objects.filter(classification__key="district", active=True).order_by("code"))
        if not isic or not districts:
            raise RuntimeError(f"{country.code} has no ISIC classes or districts: the demo data did not load")
        ours = Employer.objects.filter(registration_number__startswith=sample.prefix)
        present = set(ours.values_list("registration_number", flat=True))
        start = time.perf_counter()
        created = 0
        if len(present) < sum(size_bands(sample).values()):
            missing = (
                row for row in _rows(sample, isic, districts) if row.registration_number not in present
            )
            created = _insert(missing)
        seconds = time.perf_counter() - start
        analyse_seconds = tables_analyse([Employer]) if created else 0.0
        return EmployerData(
            sample_rows=ours.count(),
            country_rows=Employer.objects.count(),
            created=created,
            seconds=seconds,
            analyse_seconds=analyse_seconds,
            isic_classes=len(isic),
            districts=len(districts),
        )


def employers_remove(sample: Sample) -> int:
    """Delete the sample's employers (only those) in the current schema, in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Employer._meta.db_table} WHERE registration_number LIKE %s",  # noqa: S608 - a model's table
            [f"{sample.prefix}%"],
        )
        return cursor.rowcount


def _insert(rows: Iterator[Employer]) -> int:
    """bulk_create in batches, one transaction: a crash leaves nothing half-written to complete later."""
    created = 0
    with transaction.atomic():
        while batch := list(islice(rows, BATCH)):
            Employer.objects.bulk_create(batch, batch_size=BATCH)
            created += len(batch)
    return created


def _rows(sample: Sample, isic: Sequence[Code], districts: Sequence[Code]) -> Iterator[Employer]:
    """Employers 1..N, the same every time (one seeded generator, drawn in a fixed order)."""
    rng = sample.random()
    bands = [band for band, count in size_bands(sample).items() for _ in range(count)]
    target = len(bands)
    names = rng.sample(range(NAMES * math.ceil(target / NAMES)), target)
    rng.shuffle(bands)
    classes = rng.choices(
        _isic_ranked(isic, rng), cum_weights=zipf_cumulative(len(isic), ISIC_SKEW), k=target
    )
    domain = f"{sample.prefix.strip('-').lower()}.example"
    for number in range(1, target + 1):
        district = rng.choice(districts)
        yield Employer(
            name=_name(names[number - 1]),
            registration_number=f"{sample.prefix}{number:06d}",
            nis_number=f"{sample.prefix}N{number:06d}" if rng.random() < 0.8 else "",
            isic=classes[number - 1],
            size_band=bands[number - 1],
            street=f"{rng.randint(1, 199)} {rng.choice(('Main', 'Church', 'Bay', 'Market', 'Hill'))} Street",
            city=district.title.split()[-1],
            district=district,
            phone=f"+1 869 4{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
            email=f"office{number}@{domain}" if rng.random() < 0.6 else "",
            active=rng.random() >= INACTIVE_SHARE,
        )


def _name(index: int) -> str:
    """A unique partnership name ("Liburd & Browne Bakery") from its index among all combinations; past
    them, the same names numbered ("Liburd & Browne Bakery 2")."""
    round_, index = divmod(index, NAMES)
    index, trade = divmod(index, len(TRADES))
    first, second = divmod(index, len(SURNAMES) - 1)
    second += second >= first  # never "Liburd & Liburd"
    name = f"{SURNAMES[first]} & {SURNAMES[second]} {TRADES[trade]}"
    return f"{name} {round_ + 1}" if round_ else name


def _isic_ranked(isic: Sequence[Code], rng: random.Random) -> list[Code]:
    """The classes from most to least common: the demo's common activities first, the rest shuffled."""
    by_code = {code.code: code for code in isic}
    common = [by_code[code] for code in COMMON_ISIC if code in by_code]
    rest = [code for code in isic if code.code not in COMMON_ISIC]
    rng.shuffle(rest)
    return common + rest
