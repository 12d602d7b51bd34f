"""The hub's fact table (public schema only): the published values of the countries' harmonised
indicators, as each country's public site shows them (after its disclosure control), with where they
come from. Filled by the collection task each country runs (collection.py); the hub's pages and open
data read only these tables, never a country's schema (ARCHITECTURE §8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modules.indicators.models import Observation
from regional_hub.catalogue.models import HarmonisedIndicator
from tenants.models import Country

FIGURE = {"max_digits": 20, "decimal_places": 4, "null": True, "blank": True}


class Fact(models.Model):
    """One published value of a country: an indicator, a period, a breakdown (its codes by concept;
    none for the total). A value the country hides from the public is here hidden too (`value` empty,
    `suppressed` saying why): the hub never holds what the country does not publish."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="facts", verbose_name=_("country")
    )
    indicator = models.ForeignKey(
        HarmonisedIndicator, on_delete=models.PROTECT, related_name="facts", verbose_name=_("indicator")
    )
    period = models.CharField(_("period"), max_length=7)
    key = models.CharField(max_length=300, blank=True)
    dimensions = models.JSONField(_("breakdown"), default=dict, blank=True)
    value = models.DecimalField(_("value"), **FIGURE)
    numerator = models.DecimalField(_("numerator"), **FIGURE)
    denominator = models.DecimalField(_("denominator"), **FIGURE)
    flag = models.CharField(_("observation flag"), max_length=1, choices=Observation.Flag.choices, blank=True)
    suppressed = models.CharField(_("hidden by disclosure control"), max_length=16, blank=True)
    revised = models.BooleanField(_("revised"), default=False)
    # Provenance: the agency responsible in the country, the national revision (the value's version
    # there), the definition version of the catalogue it follows, when it was published and collected.
    agency = models.CharField(_("agency"), max_length=200, blank=True)
    national_revision = models.PositiveIntegerField(_("national revision"), null=True, blank=True)
    definition_version = models.PositiveSmallIntegerField(_("definition version"), default=1)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    collected_at = models.DateTimeField(_("collected"))

    class Meta:
        ordering = ["indicator", "country", "-period", "key"]
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        constraints = [
            models.UniqueConstraint(fields=["country", "indicator", "period", "key"], name="fact_once")
        ]
        indexes = [models.Index(fields=["indicator", "period"], name="fact_indicator_period")]

    def __str__(self) -> str:
        return f"{self.country_id} {self.indicator_id} {self.period} {self.key or 'total'}: {self.value}"


class FactRevision(models.Model):
    """A value the hub held before a country revised (or withdrew) it: the series' history."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(HarmonisedIndicator, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=7)
    key = models.CharField(max_length=300, blank=True)
    value = models.DecimalField(_("value"), **FIGURE)
    numerator = models.DecimalField(_("numerator"), **FIGURE)
    denominator = models.DecimalField(_("denominator"), **FIGURE)
    flag = models.CharField(_("observation flag"), max_length=1, blank=True)
    suppressed = models.CharField(max_length=16, blank=True)
    national_revision = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    collected_at = models.DateTimeField()
    replaced_at = models.DateTimeField(_("replaced"))
    withdrawn = models.BooleanField(_("withdrawn"), default=False)

    class Meta:
        ordering = ["-replaced_at"]
        indexes = [models.Index(fields=["country", "indicator", "period"], name="fact_revision_series")]

    def __str__(self) -> str:
        return f"{self.country_id} {self.indicator_id} {self.period} {self.key or 'total'}: {self.value}"


class CountryCollection(models.Model):
    """Where collection from a country stands: published values up to `collected_until` are in."""

    country = models.OneToOneField(Country, on_delete=models.CASCADE, related_name="collection")
    collected_until = models.DateTimeField(null=True, blank=True)
    last_full_at = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_written = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.country_id}: {self.collected_until}"


class CollectionProblem(models.Model):
    """A value a country published that the hub could not take (its indicator is not, or no longer, in
    the catalogue): logged and shown on coverage, never stored as a fact."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="collection_problems")
    indicator_code = models.CharField(_("indicator"), max_length=40)
    periods = models.JSONField(default=list)
    noticed_at = models.DateTimeField(_("noticed"))

    class Meta:
        ordering = ["country", "indicator_code"]
        constraints = [
            models.UniqueConstraint(fields=["country", "indicator_code"], name="collection_problem_once")
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.indicator_code}"


class PeriodStatus(models.Model):
    """What a country has of a harmonised indicator for a period besides its published values, as its
    collection last reported: values waiting (for approval, or for their embargo) and the planned
    release. The coverage pages tell submitted, late and missing apart with it."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="period_statuses")
    indicator = models.ForeignKey(HarmonisedIndicator, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("period"), max_length=7)
    waiting = models.PositiveIntegerField(_("values waiting"), default=0)
    planned_on = models.DateField(_("planned publication date"), null=True, blank=True)

    class Meta:
        ordering = ["country", "indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["country", "indicator", "period"], name="period_status_once")
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.indicator_id} {self.period}"
