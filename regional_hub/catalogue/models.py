"""The regional hub's harmonised catalogue (public schema, shared by every country): the indicators
every country computes or collects the same way, their definitions by version, and the ILOSTAT
codelists their dimensions take their codes from (ARCHITECTURE §5 step 5)."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from clmis.records.models import Versioned
from modules.indicators.models import INDICATOR_CODE, Indicator


class Codelist(models.Model):
    """One of ILOSTAT's classifications, named by the SDMX concept it gives codes to (SEX, AGE, ECO,
    OCU, MIG, CCT, CDS, OBS_STATUS, REF_AREA...)."""

    concept = models.CharField(_("concept"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["concept"]
        verbose_name = _("codelist")
        verbose_name_plural = _("codelists")

    def __str__(self) -> str:
        return f"CL_{self.concept} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("catalogue:codelist", args=[self.concept])

    @property
    def sdmx_id(self) -> str:
        return f"CL_{self.concept}"


class CodelistCode(models.Model):
    codelist = models.ForeignKey(
        Codelist, on_delete=models.CASCADE, related_name="codes", verbose_name=_("codelist")
    )
    code = models.CharField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=300)
    # ILOSTAT's codelists hold several classifications of one concept ("Age (Youth, adults)", "Age
    # (10-year bands)"): which one the code belongs to.
    classification = models.CharField(_("classification"), max_length=200, blank=True)

    class Meta:
        ordering = ["codelist", "code"]
        constraints = [models.UniqueConstraint(fields=["codelist", "code"], name="catalogue_code_unique")]
        verbose_name = _("code")
        verbose_name_plural = _("codes")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class HarmonisedIndicator(Versioned):
    """An indicator of the regional catalogue: what it counts is its current definition (below);
    unit, dimensions and periodicity are the same in every country."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[INDICATOR_CODE])
    topic = models.CharField(
        _("topic"), max_length=24, choices=Indicator.Topic.choices, default=Indicator.Topic.OTHER
    )
    unit = models.CharField(_("unit"), max_length=12, choices=Indicator.Unit.choices)
    multiplier = models.PositiveSmallIntegerField(_("unit multiplier"), default=0)
    frequencies = ArrayField(
        models.CharField(max_length=1, choices=Indicator.Frequency.choices), verbose_name=_("periodicity")
    )
    dimensions = ArrayField(
        models.CharField(max_length=8, choices=Indicator.Dimension.choices),
        verbose_name=_("dimensions"),
        default=list,
        blank=True,
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    ilostat_code = models.CharField(_("ILOSTAT indicator"), max_length=40, blank=True)
    sdg = models.CharField(_("SDG indicator"), max_length=20, blank=True)
    history = audited()

    class Meta:
        ordering = ["code"]
        verbose_name = _("harmonised indicator")
        verbose_name_plural = _("harmonised indicators")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("catalogue:detail", args=[self.code])


class Definition(models.Model):
    """One version of what a harmonised indicator means. A new version is a change of definition:
    values before its start and after it are not comparable unless it says otherwise, and the first
    period under it carries ILOSTAT's break-in-series flag."""

    indicator = models.ForeignKey(
        HarmonisedIndicator, on_delete=models.CASCADE, related_name="definitions", verbose_name=_("indicator")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # The first year the definition applies to (none for the first version: from the start).
    since_year = models.PositiveSmallIntegerField(_("applies from the year"), null=True, blank=True)
    breaks_series = models.BooleanField(_("breaks the series"), default=True)
    reason = models.CharField(_("reason for the change"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    actor = models.CharField(_("by"), max_length=200)

    class Meta:
        ordering = ["indicator_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "number"], name="catalogue_definition_unique")
        ]
        verbose_name = _("definition")
        verbose_name_plural = _("definitions")

    def __str__(self) -> str:
        return f"{self.indicator.code} v{self.number}"
