"""Open data endpoints: read-only, public (no sign-in, no token: a token is not even looked at), paged
in JSON and whole in CSV (`?format=csv`). They read the catalogue and the fact table only, through
the selectors the hub's other open data (SDMX) reads through."""

import csv
import io

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from clmis.api.serializers import ModelSerializer
from modules.indicators.models import Indicator
from modules.reports.periods import period_parse
from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.catalogue.selectors import catalogue_matching, current_definition
from regional_hub.facts.models import Fact
from regional_hub.facts.selectors import TOTAL, facts_published, frequency_of
from tenants.models import Country

CONCEPTS = tuple(Indicator.Dimension.values)


class OpenDataCsvRenderer(BaseRenderer):
    """CSV of a list endpoint: the serializer's fields as columns; a breakdown as one column per
    concept (empty: the total over it), a list as its items joined by ";"."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        fields = list(renderer_context["view"].get_serializer().fields)
        columns = [c for field in fields for c in (CONCEPTS if field == "breakdown" else (field,))]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for row in data if isinstance(data, list) else data.get("results", []):
            cells = {**row, **(row.get("breakdown") or {})}
            writer.writerow([_cell(cells.get(column)) for column in columns])
        return out.getvalue().encode(self.charset)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return str(value)


class OpenDataApi(generics.ListAPIView):
    """What every open data endpoint shares: public, JSON or CSV, CSV unpaged (a file to download)."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    filter_backends = ()
    renderer_classes = (*api_settings.DEFAULT_RENDERER_CLASSES, OpenDataCsvRenderer)

    class Query(serializers.Serializer):
        pass

    def query(self) -> dict:
        """The validated query parameters (a 400 with every problem otherwise)."""
        data = self.Query(data=self.request.query_params)
        data.is_valid(raise_exception=True)
        return data.validated_data

    def paginate_queryset(self, queryset):
        if (
            getattr(self.request, "accepted_renderer", None)
            and self.request.accepted_renderer.format == "csv"
        ):
            return None
        return super().paginate_queryset(queryset)

    def finalize_response(self, request: Request, response: Response, *args, **kwargs) -> Response:
        # Refusals are read by programs: always JSON, whichever format was asked for.
        renderer = getattr(request, "accepted_renderer", None)
        if response.status_code >= 400 and renderer is not None and renderer.format == "csv":
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)


class OpenIndicatorOutput(ModelSerializer):
    name = serializers.SerializerMethodField()
    definition = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()
    definition_version = serializers.SerializerMethodField()
    definition_since = serializers.SerializerMethodField(
        help_text="The first year the current definition applies to."
    )
    sdmx_dataflow = serializers.SerializerMethodField(help_text="The indicator's SDMX dataflow at /sdmx/.")

    class Meta:
        model = HarmonisedIndicator
        fields = [
            "code",
            "name",
            "definition",
            "notes",
            "definition_version",
            "definition_since",
            "topic",
            "unit",
            "multiplier",
            "frequencies",
            "dimensions",
            "source",
            "ilostat_code",
            "sdg",
            "sdmx_dataflow",
        ]

    def get_name(self, indicator: HarmonisedIndicator) -> str:
        definition = current_definition(indicator)
        return definition.name if definition else indicator.code

    def get_definition(self, indicator: HarmonisedIndicator) -> str:
        definition = current_definition(indicator)
        return definition.definition if definition else ""

    def get_notes(self, indicator: HarmonisedIndicator) -> str:
        definition = current_definition(indicator)
        return definition.notes if definition else ""

    def get_definition_version(self, indicator: HarmonisedIndicator) -> int | None:
        definition = current_definition(indicator)
        return definition.number if definition else None

    def get_definition_since(self, indicator: HarmonisedIndicator) -> int | None:
        definition = current_definition(indicator)
        return definition.since_year if definition else None

    def get_sdmx_dataflow(self, indicator: HarmonisedIndicator) -> str:
        return f"DF_{indicator.code}"


class OpenIndicatorListApi(OpenDataApi):
    """The harmonised indicators of the regional catalogue, each with its current definition (what
    it counts now; earlier versions apply to earlier years). Filters `q` (code, name or SDG),
    `topic`, `dimension`."""

    serializer_class = OpenIndicatorOutput

    class Query(serializers.Serializer):
        q = serializers.CharField(
            required=False, help_text="Words of the code, the name or the SDG indicator."
        )
        topic = serializers.ChoiceField(choices=Indicator.Topic.choices, required=False)
        dimension = serializers.ChoiceField(choices=Indicator.Dimension.choices, required=False)

    def get_queryset(self) -> QuerySet[HarmonisedIndicator]:
        return catalogue_matching(**self.query())

    @extend_schema(parameters=[Query])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class OpenCountryOutput(ModelSerializer):
    code = serializers.CharField(source="schema_name", help_text="ISO 3166 alpha-2, lower case.")

    class Meta:
        model = Country
        fields = ["code", "iso3", "name"]


class OpenCountryListApi(OpenDataApi):
    """The countries of the region whose published values the hub holds (or will)."""

    serializer_class = OpenCountryOutput
    queryset = Country.objects.order_by("name")


class OpenValueOutput(ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")
    country = serializers.CharField(source="country.iso3", help_text="ISO 3166 alpha-3.")
    frequency = serializers.SerializerMethodField()
    breakdown = serializers.DictField(
        source="dimensions",
        child=serializers.CharField(),
        help_text='Codes by concept: {"SEX": "SEX_F"}; a concept left out is the total over it.',
    )
    suppressed = serializers.CharField(
        help_text="Why the country hides the value (`primary`: too few; `complementary`: it would reveal "
        "one that is), with `value` null; empty when shown."
    )
    unit = serializers.CharField(source="indicator.unit")
    multiplier = serializers.IntegerField(
        source="indicator.multiplier", help_text="Powers of ten: 3 for thousands."
    )

    class Meta:
        model = Fact
        fields = [
            "indicator",
            "country",
            "period",
            "frequency",
            "breakdown",
            "value",
            "numerator",
            "denominator",
            "flag",
            "suppressed",
            "revised",
            "unit",
            "multiplier",
            "agency",
            "national_revision",
            "definition_version",
            "published_at",
            "collected_at",
        ]

    def get_frequency(self, fact: Fact) -> str:
        return frequency_of(fact.period)


def _codes(concept: str) -> serializers.CharField:
    return serializers.CharField(
        required=False,
        help_text=f"Codes of {concept}, comma-separated ({TOTAL}: the total over it).",
    )


class OpenValueListApi(OpenDataApi):
    """The values the countries publish of the harmonised indicators (and only those: after their
    embargo and disclosure control, a hidden value null with `suppressed` saying why). Filters
    `indicator`, `country` (ISO alpha-3, comma-separated), `frequency`, `start_period` and
    `end_period` (2025, 2025-Q1, 2025-03: the periods wholly between), and a concept's codes
    (`SEX=SEX_F`, `AGE=AGE_YTHADULT_Y15-24,AGE_YTHADULT_YGE25`, `SEX=_T` for the total)."""

    serializer_class = OpenValueOutput

    class Query(serializers.Serializer):
        indicator = serializers.CharField(required=False, help_text="A catalogue code: UNE_DEAP_SEX_AGE_RT.")
        country = serializers.CharField(
            required=False, help_text="ISO alpha-3 codes, comma-separated: KNA,LCA."
        )
        frequency = serializers.ChoiceField(choices=Indicator.Frequency.choices, required=False)
        start_period = serializers.CharField(required=False, help_text="2025, 2025-Q1 or 2025-03.")
        end_period = serializers.CharField(required=False, help_text="2025, 2025-Q1 or 2025-03.")
        SEX = _codes("SEX")
        AGE = _codes("AGE")
        ECO = _codes("ECO")
        OCU = _codes("OCU")
        MIG = _codes("MIG")
        CCT = _codes("CCT")
        CDS = _codes("CDS")
        CAT = _codes("CAT")
        TYPE = _codes("TYPE")
        DISTRICT = _codes("DISTRICT")

        def validate_indicator(self, code: str) -> str:
            if not HarmonisedIndicator.objects.filter(code=code).exists():
                raise serializers.ValidationError(
                    _("%(code)s is not an indicator of the catalogue.") % {"code": code}
                )
            return code

        def validate_country(self, text: str) -> list[str]:
            codes = [code.strip().upper() for code in text.split(",") if code.strip()]
            known = set(Country.objects.filter(iso3__in=codes).values_list("iso3", flat=True))
            unknown = [code for code in codes if code not in known]
            if unknown:
                raise serializers.ValidationError(
                    _("%(codes)s: not the ISO alpha-3 code of a country of the hub.")
                    % {"codes": ", ".join(unknown)}
                )
            return codes

        def validate_start_period(self, text: str):
            return _period(text).start

        def validate_end_period(self, text: str):
            return _period(text).end

        def validate(self, data: dict) -> dict:
            if (
                data.get("start_period")
                and data.get("end_period")
                and data["end_period"] < data["start_period"]
            ):
                raise serializers.ValidationError({"end_period": [_("The end is before the start.")]})
            return data

    def get_queryset(self) -> QuerySet[Fact]:
        query = self.query()
        return facts_published(
            indicator=query.get("indicator", ""),
            countries=query.get("country", ()),
            frequencies=[query["frequency"]] if query.get("frequency") else (),
            start=query.get("start_period"),
            end=query.get("end_period"),
            breakdown={
                concept: [code.strip() for code in query[concept].split(",") if code.strip()]
                for concept in CONCEPTS
                if query.get(concept)
            },
        )

    @extend_schema(parameters=[Query])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


def _period(text: str):
    try:
        return period_parse(text)
    except (ValidationError, ValueError):
        raise serializers.ValidationError(
            _("Write the period as a year (2026), a quarter (2026-Q2) or a month (2026-06).")
        ) from None
