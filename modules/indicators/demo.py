"""Demo partner agencies of the three demo countries, each responsible for its catalogue indicators."""

from modules.indicators.figures import figures_load
from modules.indicators.models import Agency, Indicator
from modules.indicators.services import agency_save, indicator_save

# Per country: the statistics office, the national insurance scheme, the Department of Labour.
AGENCIES = {
    "kn": (
        ("Department of Statistics", "STATS", Agency.Kind.STATISTICS),
        ("Social Security Board", "SSB", Agency.Kind.SOCIAL_SECURITY),
        ("Department of Labour", "DOL", Agency.Kind.LABOUR),
    ),
    "lc": (
        ("Central Statistical Office", "CSO", Agency.Kind.STATISTICS),
        ("National Insurance Corporation", "NIC", Agency.Kind.SOCIAL_SECURITY),
        ("Department of Labour", "DOL", Agency.Kind.LABOUR),
    ),
    "sr": (
        ("Algemeen Bureau voor de Statistiek", "ABS", Agency.Kind.STATISTICS),
        ("Ministerie van Arbeid", "ARBEID", Agency.Kind.LABOUR),
    ),
}


def indicators_demo(country) -> int:
    """Register the country's agencies once and give each catalogue indicator the one it comes from:
    survey indicators the statistics office, the others the Department of Labour; and load the
    country's real labour-force survey figures, published."""
    specs = AGENCIES.get(country.code, ())
    if not specs or Agency.objects.exists():
        return 0
    figures_load(country.iso3)
    made = {
        kind: agency_save(values={"name": name, "acronym": acronym, "kind": kind}, version=None, by=None)
        for name, acronym, kind in specs
    }
    for indicator in Indicator.objects.filter(harmonised=True, agency__isnull=True):
        kind = Agency.Kind.STATISTICS if indicator.source.startswith("survey:") else Agency.Kind.LABOUR
        indicator_save(indicator=indicator, values={"agency": made[kind]}, version=indicator.version, by=None)
    return len(made)
