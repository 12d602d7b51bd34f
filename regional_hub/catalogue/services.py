"""Changes to the hub's catalogue, by its administrators. Every change reaches the countries: each
brings its harmonised indicators up to the catalogue in a task of its own (never in the request)."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.accounts.actors import actor_label
from clmis.public_pages import public_pages_expire
from clmis.records.locking import record_save
from modules.indicators.tasks import indicators_catalogue_refresh
from regional_hub.catalogue.models import Definition, HarmonisedIndicator
from regional_hub.catalogue.selectors import current_definition
from tenants.models import Country

# What a new indicator's first definition says, from the creation form.
WORDING = ("name", "definition", "notes")


@transaction.atomic
def harmonised_indicator_create(*, values: Mapping[str, object], by) -> HarmonisedIndicator:
    """Add an indicator to the catalogue with its first definition; every country gets it."""
    fields = {name: value for name, value in values.items() if name not in WORDING}
    with schema_context(get_public_schema_name()):
        public_pages_expire()
        indicator = record_save(HarmonisedIndicator(), values=fields, version=None, by=by)
        Definition.objects.create(
            indicator=indicator,
            number=1,
            breaks_series=False,
            actor=actor_label(by),
            **{name: values.get(name, "") for name in WORDING},
        )
    _countries_refresh()
    return indicator


@transaction.atomic
def harmonised_indicator_save(
    *, indicator: HarmonisedIndicator, values: Mapping[str, object], version: int | None, by
) -> HarmonisedIndicator:
    """Change what describes an indicator without changing what it counts (its topic, source, ILOSTAT
    and SDG codes); what it counts changes only by a new definition (definition_change)."""
    with schema_context(get_public_schema_name()):
        public_pages_expire()
        saved = record_save(indicator, values=values, version=version, by=by)
    _countries_refresh()
    return saved


@transaction.atomic
def definition_change(
    *,
    indicator: HarmonisedIndicator,
    name: str,
    definition: str,
    notes: str = "",
    since_year: int,
    breaks_series: bool = True,
    reason: str,
    by,
) -> Definition:
    """A new version of what the indicator counts, applying from `since_year`: its values from that
    year on are flagged as a break in series where it breaks the series. Refused, with nothing saved,
    without a reason or for a year before the current version's."""
    with schema_context(get_public_schema_name()):
        indicator = HarmonisedIndicator.objects.select_for_update().get(pk=indicator.pk)
        current = current_definition(indicator)
        errors = {}
        if not reason.strip():
            errors["reason"] = _("Say why the definition changes: countries and users read it.")
        if current and current.since_year and since_year <= current.since_year:
            errors["since_year"] = _(
                "Version %(number)d already applies from %(year)d: choose a later year."
            ) % {
                "number": current.number,
                "year": current.since_year,
            }
        if errors:
            raise ValidationError(errors)
        made = Definition.objects.create(
            indicator=indicator,
            number=(current.number if current else 0) + 1,
            name=name,
            definition=definition,
            notes=notes,
            since_year=since_year,
            breaks_series=breaks_series,
            reason=reason.strip(),
            actor=actor_label(by),
        )
        public_pages_expire()
    _countries_refresh()
    return made


def _countries_refresh() -> None:
    # Each country's refresh waits in that country's outbox, written with the change: none is lost when
    # the broker is away at the commit.
    for country in Country.objects.served_here():
        with tenant_context(country):
            indicators_catalogue_refresh.apply_async_on_commit()
