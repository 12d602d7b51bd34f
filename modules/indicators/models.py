import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db import connection, models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from clmis.records.models import Versioned

INDICATOR_CODE = RegexValidator(
    r"^[A-Z][A-Z0-9_]{2,39}$",
    _("Use capital letters, digits and _, as ILO does: TOPIC_MEASURE_DIMENSIONS_UNIT, e.g. LMS_JSKR_SEX_NB."),
)


# A rate is its numerator over its denominator times this (by Indicator.Unit); a percentage or a rate
# per 1,000 or 100,000 cannot exceed it.
RATE_SCALE = {"PT": 100, "RATE": 1, "RATE_1000": 1000, "RATE_100000": 100_000}
# The first part of a catalogue code, and the topic it files the indicator under.
TOPIC_BY_PREFIX = {
    "EAP": "labour_force",
    "EMP": "employment",
    "UNE": "unemployment",
    "SDG": "unemployment",  # SDG_0861: youth not in employment, education or training
    "LMS": "employment_services",
    "MNA": "migration",
    "MFL": "migration",
    "WPM": "migration",
    "MAS": "migration",
    "INJ": "safety",
    "LAI": "inspection",
    "ILR": "industrial_relations",
    "STR": "industrial_relations",
    "DSP": "complaints",
    "CMP": "complaints",
}


class Agency(Versioned):
    """A partner agency of the country's LMIS (the MOU's parties): it is responsible for the indicators
    assigned to it, and its submitters submit their values."""

    class Kind(models.TextChoices):
        STATISTICS = "statistics", _("Statistics office")
        LABOUR = "labour", _("Department of Labour")
        SOCIAL_SECURITY = "social_security", _("National insurance")
        UNIONS = "unions", _("Trade unions")
        EMPLOYERS = "employers", _("Employers' organisation")
        TRAINING = "training", _("Training (TVET)")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    email = models.EmailField(_("contact e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    history = audited()

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        permissions = [("export_agency", _("Can export the partner agencies to Excel"))]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("indicators:agency-detail", args=[self.pk])


class AgencyMember(models.Model):
    """A submitter of the country (role agency_submitter) and the one agency they submit for: they
    submit the values of its indicators, and of no other agency's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="agency_membership",
        verbose_name=_("submitter"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="members", verbose_name=_("agency")
    )
    history = audited()

    class Meta:
        ordering = ["agency", "user__username"]
        verbose_name = _("agency submitter")
        verbose_name_plural = _("agency submitters")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.agency})"


class Indicator(Versioned):
    """An indicator of the country's package: harmonised (its definition from the regional catalogue,
    the same in every country) or national-only (the country's own). Its values come later, by
    computation from the case modules or by its agency's submissions."""

    class Unit(models.TextChoices):
        COUNT = "NB", _("Count")
        PERCENT = "PT", _("Percentage")
        RATE = "RATE", _("Ratio")
        RATE_1000 = "RATE_1000", _("Rate per 1,000")
        RATE_100000 = "RATE_100000", _("Rate per 100,000")
        CURRENCY = "CURRENCY", _("Amount of money")

    class Frequency(models.TextChoices):
        ANNUAL = "A", _("Annual")
        QUARTERLY = "Q", _("Quarterly")
        MONTHLY = "M", _("Monthly")

    class Dimension(models.TextChoices):
        # SDMX concept ids of the regional catalogue; values come from ILOSTAT's codelists.
        SEX = "SEX", _("Sex")
        AGE = "AGE", _("Age band")
        ECO = "ECO", _("Economic activity (ISIC)")
        OCU = "OCU", _("Occupation (ISCO)")
        MIG = "MIG", _("Migrant status")
        CCT = "CCT", _("Citizenship")
        CDS = "CDS", _("Country of destination")
        CAT = "CAT", _("Category")
        TYPE = "TYPE", _("Type")
        DISTRICT = "DISTRICT", _("District")

    class Topic(models.TextChoices):
        # The topics ILOSTAT files its indicators under, as the public site groups them.
        LABOUR_FORCE = "labour_force", _("Labour force")
        EMPLOYMENT = "employment", _("Employment")
        UNEMPLOYMENT = "unemployment", _("Unemployment and underutilisation")
        EMPLOYMENT_SERVICES = "employment_services", _("Job seekers, vacancies and placements")
        MIGRATION = "migration", _("Labour migration")
        SAFETY = "safety", _("Safety and health at work")
        INSPECTION = "inspection", _("Labour inspection")
        INDUSTRIAL_RELATIONS = "industrial_relations", _("Industrial relations")
        COMPLAINTS = "complaints", _("Complaints and disputes")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[INDICATOR_CODE])
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices, default=Topic.OTHER)
    # {"nl": {"name": ..., "definition": ...}, ...}: the country's wording in its other languages.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    # Powers of ten the values are expressed in: 3 for thousands.
    multiplier = models.PositiveSmallIntegerField(_("unit multiplier"), default=0)
    frequencies = ArrayField(
        models.CharField(max_length=1, choices=Frequency.choices), verbose_name=_("periodicity")
    )
    dimensions = ArrayField(
        models.CharField(max_length=8, choices=Dimension.choices),
        verbose_name=_("dimensions"),
        default=list,
        blank=True,
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("responsible agency"),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    # Keys of the case modules whose records it is computed from (none: submitted by its agency).
    computed_from = ArrayField(
        models.CharField(max_length=64), verbose_name=_("computed from"), default=list, blank=True
    )
    harmonised = models.BooleanField(_("harmonised"), default=False, editable=False)
    ilostat_code = models.CharField(_("ILOSTAT indicator"), max_length=40, blank=True)
    sdg = models.CharField(_("SDG indicator"), max_length=20, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("in the package"), default=True)
    history = audited()

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        permissions = [("export_indicator", _("Can export the indicators to Excel"))]

    def __str__(self) -> str:
        return f"{self.code} {self.name_shown}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:detail", args=[self.pk])

    @property
    def name_shown(self) -> str:
        """The name in the page's language, the catalogue's English where the country gave none."""
        return self._translated("name") or self.name

    @property
    def definition_shown(self) -> str:
        return self._translated("definition") or self.definition

    @staticmethod
    def topic_of(code: str) -> str:
        """The topic of a catalogue code, read from its first part as ILO's codes are named
        (TOPIC_MEASURE_DIMENSIONS_UNIT)."""
        return TOPIC_BY_PREFIX.get(code.split("_", 1)[0], Indicator.Topic.OTHER)

    def _translated(self, part: str) -> str:
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        return (self.translations.get(language) or {}).get(part, "")


class Observation(Versioned):
    """One value of an indicator: for a period, for one combination of its dimensions' codes (none of
    them for the total; a dimension left out is summed over), with ILOSTAT's observation flag.

    Counts and amounts are kept as they are; rates with their numerator and denominator where they
    exist, so the hub can re-aggregate them. Computed values are written by computing.py.
    """

    class Origin(models.TextChoices):
        COMPUTED = "computed", _("Computed from the case records")
        SUBMITTED = "submitted", _("Submitted by the agency")

    class State(models.TextChoices):
        # ARCHITECTURE §5 step 3: draft -> submitted -> approved -> published, or rejected with a reason.
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Flag(models.TextChoices):
        # ILOSTAT's obs_status codes (shared reference data ilostat/ilostat_dic_obs_status_en.csv).
        ADJUSTED = "A", _("Adjusted")
        BREAK = "B", _("Break in series")
        CONFIDENTIAL = "C", _("Confidential")
        ESTIMATE = "E", _("Estimate")
        MODELLED = "M", _("Model-based extrapolation")
        PROVISIONAL = "P", _("Provisional")
        NOT_SIGNIFICANT = "S", _("Not significant")
        UNRELIABLE = "U", _("Unreliable")
        REAL = "R", _("Real value")
        IMPUTED = "I", _("Imputation")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    period = models.CharField(_("period"), max_length=7)
    # {"SEX": "SEX_F", "ECO": "ECO_ISIC4_I"}; `key` is the same, written canonically, for uniqueness.
    dimensions = models.JSONField(_("breakdown"), default=dict, blank=True)
    key = models.CharField(max_length=300, blank=True, editable=False)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    numerator = models.DecimalField(_("numerator"), max_digits=20, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(
        _("denominator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    flag = models.CharField(_("observation flag"), max_length=1, choices=Flag.choices, blank=True)
    # The submitter's word on the value, for those who vet it (required when it moved sharply).
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    # Who submitted and who decided, as actor labels (a submitter of the country, the system).
    submitted_by = models.CharField(_("submitted by"), max_length=200, blank=True)
    decided_by = models.CharField(_("approved or rejected by"), max_length=200, blank=True)
    decided_at = models.DateTimeField(_("approved or rejected"), null=True, blank=True)
    rejection_reason = models.CharField(_("reason for rejection"), max_length=500, blank=True)
    # An approved value is public from this moment (the embargo), not before.
    publish_at = models.DateTimeField(_("published from"), null=True, blank=True)
    # The value published before this one replaced it: the site shows the value as revised.
    previous_value = models.DecimalField(
        _("previously published value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    history = audited()

    class Meta:
        ordering = ["indicator", "-period", "key"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        permissions = [("approve_observation", _("Can approve, reject and schedule indicator values"))]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "key"], name="observation_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period} {self.key or 'total'}: {self.value}"

    def is_public(self, now) -> bool:
        """Published: approved, and its embargo over."""
        return self.state == self.State.APPROVED and self.publish_at is not None and self.publish_at <= now

    @property
    def revised(self) -> bool:
        return self.previous_value is not None

    def submit_anew(self, *, value, numerator, denominator, submitted_by: str, now) -> None:
        """Give the value new figures that wait for approval again, whatever it was (not saved): a
        published value changed is a revision, and keeps the value it replaces to say so."""
        if self.pk:
            self.version += 1
            if self.is_public(now):
                self.previous_value = self.value
        self.value, self.numerator, self.denominator = value, numerator, denominator
        self.state, self.submitted_by = self.State.SUBMITTED, submitted_by
        self.decided_by, self.decided_at, self.publish_at, self.rejection_reason = "", None, None, ""


def breakdown_key(dimensions: dict[str, str]) -> str:
    """The canonical text of a breakdown: "ECO=ECO_ISIC4_I|SEX=SEX_F" (empty for the total)."""
    return "|".join(f"{concept}={code}" for concept, code in sorted(dimensions.items()))


def breakdown_of(key: str) -> dict[str, str]:
    """The breakdown a canonical text stands for: breakdown_key read back."""
    return dict(part.split("=", 1) for part in key.split("|") if part)


def upload_path(instance: "SubmissionUpload", filename: str) -> str:
    """Per country, under a random name: the original name is kept in the row, not the path."""
    suffix = PurePath(filename).suffix.lower()
    return f"{connection.schema_name}/indicator-uploads/{uuid.uuid4().hex}{suffix}"


class SubmissionUpload(models.Model):
    """A file of values too large to check in the request: kept while a task reads and checks it,
    telling how far it is, then accepted whole (its values submitted) or refused whole (its errors
    kept for the report); failed if the task broke, with nothing saved.

    Not audited: the values it submits have their own history (who, when, every figure), and its
    progress changes every thousand rows. The file is deleted once accepted or refused."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CHECKING = "checking", _("Being checked")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        FAILED = "failed", _("Failed")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="uploads", verbose_name=_("indicator")
    )
    file = models.FileField(_("file"), upload_to=upload_path, max_length=300, blank=True)
    name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="indicator_uploads",
        verbose_name=_("uploaded by"),
    )
    # The language of the page it came from: its errors are written in it, by the task.
    language = models.CharField(_("language"), max_length=10, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.WAITING)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    values_saved = models.PositiveIntegerField(_("values submitted"), default=0)
    # [[row, column, message], ...] as the error report lists them (row null: the whole file).
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("file of values")
        verbose_name_plural = _("files of values")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("indicators:upload", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in (self.State.ACCEPTED, self.State.REFUSED, self.State.FAILED)


class Release(Versioned):
    """A planned publication of an indicator's values for a period (the release calendar): the public
    sees what is coming and when; the values themselves still wait for approval and their embargo."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="releases")
    period = models.CharField(_("period"), max_length=7)
    planned_on = models.DateField(_("planned publication date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = audited()

    class Meta:
        ordering = ["planned_on", "indicator__code"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        permissions = [("export_release", _("Can export the release calendar to Excel"))]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"],
                name="release_once",
                violation_error_message=_("This period of the indicator already has a planned release."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.planned_on}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:release-edit", args=[self.pk])
