"""The release the demo runs, recorded at the hub as a hub administrator would (idempotent)."""

from collections.abc import Callable

from django_tenants.utils import get_public_schema_name, schema_context

from clmis import RELEASE
from regional_hub.releases.models import Release
from regional_hub.releases.services import release_cut

NOTES = {
    "en": (
        "The first release of the regional LMIS.\n\n"
        "Labour administration: employers, unions and workplaces; complaints, disputes, industrial "
        "actions, inspections and accidents; job seekers, vacancies, matching and vacancy surveys; "
        "redundancies, migrant assistance, the farm programme and work permits.\n\n"
        "National labour-market information: the indicator package, values computed from the case "
        "records, partner agencies' submissions, vetting with embargo and the public site.\n\n"
        "The regional hub: the harmonised catalogue, collection of published values, comparisons, "
        "data requests, the regional site and open data (JSON, CSV, SDMX 2.1)."
    ),
    "nl": (
        "De eerste release van het regionale LMIS.\n\n"
        "Arbeidsadministratie: werkgevers, vakbonden en werkplaatsen; klachten, geschillen, "
        "arbeidsacties, inspecties en ongevallen; werkzoekenden, vacatures, bemiddeling en "
        "vacature-enquêtes; ontslagen, hulp aan migranten, het landbouwprogramma en werkvergunningen.\n\n"
        "Nationale arbeidsmarktinformatie: het indicatorenpakket, waarden berekend uit de dossiers, "
        "aanleveringen van partnerinstanties, controle met embargo en de publieke site.\n\n"
        "De regionale hub: de geharmoniseerde catalogus, het verzamelen van gepubliceerde waarden, "
        "vergelijkingen, gegevensverzoeken, de regionale site en open data (JSON, CSV, SDMX 2.1)."
    ),
}


def release_demo(report: Callable[[str], None]) -> None:
    with schema_context(get_public_schema_name()):
        if Release.objects.filter(version=RELEASE).exists():
            return
        release_cut(kind=Release.Kind.MAJOR, notes=NOTES)
    report(f"recorded release {RELEASE} at the hub")
