"""Demo partner agencies of the demo countries, each responsible for its catalogue indicators."""

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
    # The other countries of the regional demo: their statistics office, which publishes their real
    # survey figures (the hub collects them), and their labour department.
    "ag": (("Statistics Division", "STATS", Agency.Kind.STATISTICS),),
    "bs": (("Bahamas National Statistical Institute", "BNSI", Agency.Kind.STATISTICS),),
    "bb": (("Barbados Statistical Service", "BSS", Agency.Kind.STATISTICS),),
    "bz": (("Statistical Institute of Belize", "SIB", Agency.Kind.STATISTICS),),
    "dm": (("Central Statistics Office", "CSO", Agency.Kind.STATISTICS),),
    "gd": (("Central Statistical Office", "CSO", Agency.Kind.STATISTICS),),
    "gy": (("Bureau of Statistics", "BOS", Agency.Kind.STATISTICS),),
    "ht": (("Institut Haïtien de Statistique et d'Informatique", "IHSI", Agency.Kind.STATISTICS),),
    "jm": (("Statistical Institute of Jamaica", "STATIN", Agency.Kind.STATISTICS),),
    "vc": (("Statistical Office", "SVGSO", Agency.Kind.STATISTICS),),
    "tt": (("Central Statistical Office", "CSO", Agency.Kind.STATISTICS),),
}
LABOUR_DEPARTMENT = ("Department of Labour", "DOL", Agency.Kind.LABOUR)


def indicators_demo(country) -> int:
    """Register the country's agencies once and give each catalogue indicator the one it comes from:
    survey indicators the statistics office, the others the Department of Labour; and load the
    country's real labour-force survey figures, published."""
    specs = AGENCIES.get(country.code, ())
    if not specs or Agency.objects.exists():
        return 0
    if not any(kind == Agency.Kind.LABOUR for _name, _acronym, kind in specs):
        specs = (*specs, LABOUR_DEPARTMENT)
    figures_load(country.iso3)
    made = {
        kind: agency_save(values={"name": name, "acronym": acronym, "kind": kind}, version=None, by=None)
        for name, acronym, kind in specs
    }
    for indicator in Indicator.objects.filter(harmonised=True, agency__isnull=True):
        kind = Agency.Kind.STATISTICS if indicator.source.startswith("survey:") else Agency.Kind.LABOUR
        indicator_save(indicator=indicator, values={"agency": made[kind]}, version=indicator.version, by=None)
    return len(made)
