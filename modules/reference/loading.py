"""Loading the shipped classifications into the current schema: idempotent, skipped when unchanged."""

import csv
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import translation

from modules.reference import iso3166
from modules.reference.models import Classification, Code

DATA = Path(__file__).parent / "data"
# Part of each table's checksum: a change to how rows are derived reloads them like a new file does.
LOADER_VERSION = b"2"


@dataclass(frozen=True)
class Row:
    code: str
    title: str
    level: int
    parent: str | None
    description: str = ""
    examples: str = ""
    harmonised_code: str = ""


@dataclass(frozen=True)
class Shipped:
    key: str
    title: str
    version: str
    source: str
    file: Path
    rows: Callable[[], Iterator[Row]]


def _isco_rows() -> Iterator[Row]:
    with (DATA / "ISCO-08_structure_en.csv").open(encoding="utf-8", newline="") as file:
        for record in csv.DictReader(file):
            code, level = record["code"].strip(), int(record["level"])
            yield Row(
                code=code,
                title=record["title_en"].strip(),
                level=level,
                parent=code[:-1] if level > 1 else None,
                description=record["definition"].strip(),
                # Above unit groups this column lists the sub-groups (with their codes): not examples.
                examples=record["included_occupations"] if level == 4 else "",
            )


def _isic_rows() -> Iterator[Row]:
    section = None
    with (DATA / "ISIC_Rev_4_english_structure.csv").open(encoding="utf-8", newline="") as file:
        for record in csv.DictReader(file):
            code, title = record["Code"].strip(), record["Description"].strip()
            if code.isalpha():
                section = code
                yield Row(code, title, 1, None)
            else:
                # Divisions follow their section in the file; groups and classes extend their parent's digits.
                yield Row(code, title, len(code), section if len(code) == 2 else code[:-1])


def _iso3166_rows() -> Iterator[Row]:
    for country in iso3166.all_countries():
        # The alpha-3 code is what ILOSTAT uses for reference areas: the harmonised code.
        yield Row(country.alpha2.upper(), country.name, 1, None, harmonised_code=country.alpha3)


SHIPPED = (
    Shipped(
        "isco08",
        "ISCO-08",
        "2008",
        "ILO, ISCO-08 structure and definitions",
        DATA / "ISCO-08_structure_en.csv",
        _isco_rows,
    ),
    Shipped(
        "isic4",
        "ISIC Rev.4",
        "Rev.4",
        "UN Statistics Division, ISIC Rev.4 structure",
        DATA / "ISIC_Rev_4_english_structure.csv",
        _isic_rows,
    ),
    Shipped(
        "iso3166",
        "Countries and nationalities (ISO 3166)",
        "ISO 3166-1",
        "ISO 3166 via lukes/ISO-3166-Countries",
        DATA / "iso3166_countries_all.csv",
        _iso3166_rows,
    ),
)


# National tables every country has (empty until its administrators fill them), so modules can code with them.
NATIONAL_TABLES = (("district", "Districts"),)


def code_tables_ensure(tables, *, language: str) -> int:
    """Create the national tables a module needs, with their starting codes, where missing.

    Existing tables and codes are left as the country made them (renamed, extended, deactivated).
    """
    added = 0
    with translation.override(language):
        for spec in tables:
            table, created = Classification.objects.get_or_create(
                key=spec.key,
                defaults={
                    "title": str(spec.title),
                    "kind": Classification.Kind.NATIONAL,
                    "maps_to": spec.maps_to,
                },
            )
            if not created:
                continue
            Code.objects.bulk_create(
                Code(
                    classification=table,
                    code=code,
                    title=str(title),
                    level=1,
                    path=code,
                    search_text=str(title).lower(),
                )
                for code, title in spec.codes
            )
            added += len(spec.codes)
    return added


def reference_load(*, force: bool = False) -> dict[str, int]:
    """Load or update every shipped classification in the current schema; returns codes written per key."""
    for key, title in NATIONAL_TABLES:
        Classification.objects.get_or_create(
            key=key, defaults={"title": title, "kind": Classification.Kind.NATIONAL}
        )
    return {shipped.key: _load(shipped, force=force) for shipped in SHIPPED}


@transaction.atomic
def _load(shipped: Shipped, *, force: bool) -> int:
    checksum = hashlib.sha256(LOADER_VERSION + shipped.file.read_bytes()).hexdigest()
    classification, _created = Classification.objects.get_or_create(
        key=shipped.key,
        defaults={"title": shipped.title, "kind": Classification.Kind.INTERNATIONAL},
    )
    if classification.checksum == checksum and not force:
        return 0
    existing = {code.code: code for code in classification.codes.all()}
    written = 0
    rows = sorted(shipped.rows(), key=lambda row: row.level)
    for level in sorted({row.level for row in rows}):
        new, changed = [], []
        for row in (row for row in rows if row.level == level):
            parent = existing.get(row.parent) if row.parent else None
            values = {
                "title": row.title,
                "level": row.level,
                "parent": parent,
                "path": f"{parent.path}/{row.code}" if parent else row.code,
                "description": row.description,
                "search_text": f"{row.title}\n{row.examples}".lower(),
                "harmonised_code": row.harmonised_code,
            }
            code = existing.get(row.code)
            if code is None:
                code = existing[row.code] = Code(classification=classification, code=row.code, **values)
                new.append(code)
            elif any(getattr(code, field) != value for field, value in values.items()):
                for field, value in values.items():
                    setattr(code, field, value)
                changed.append(code)
        Code.objects.bulk_create(new)
        Code.objects.bulk_update(
            changed, ["title", "level", "parent", "path", "description", "search_text", "harmonised_code"]
        )
        written += len(new) + len(changed)
    classification.title, classification.version = shipped.title, shipped.version
    classification.source, classification.checksum = shipped.source, checksum
    classification.kind = Classification.Kind.INTERNATIONAL
    classification.save()
    return written
