from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from clmis.api.serializers import ModelSerializer
from clmis.records.api import PartDetailApi, PartListApi, RecordDetailApi, RecordListApi
from modules.casework.api import CASE_FIELDS, CaseDetailApi, CaseListApi, CaseSerializer
from modules.farm_programme.listing import FarmWorkerFilter, RoundFilter
from modules.farm_programme.models import FarmWorker, FollowUp, RecruitmentRound
from modules.farm_programme.selectors import farm_workers_listed, rounds_listed, rounds_with_places_taken
from modules.farm_programme.services import (
    farm_worker_apply,
    farm_worker_update,
    follow_up_save,
    round_save,
)
from modules.reference.api_fields import CodeRelatedField

NEGATIVE = _("An amount cannot be negative.")
ROUND_FIELDS = [
    "season",
    "destination",
    "programme",
    "opens_on",
    "closes_on",
    "places",
    "currency",
    "status",
    "notes",
]
WORKER_FIELDS = [
    "round",
    "name",
    "sex",
    "birth_date",
    "nis_number",
    "district",
    "phone",
    "medical_cleared",
    "medical_on",
    "police_record",
    "police_record_on",
    "passport_valid",
    "passport_expires_on",
    "contract_signed",
    "contract_signed_on",
    "visa_issued",
    "visa_issued_on",
    "employer_abroad",
    "departed_on",
    "returned_on",
    "earnings_reported",
    "remittances_reported",
    "stay_note",
]


class RecruitmentRoundSerializer(ModelSerializer):
    destination = CodeRelatedField("iso3166")
    destination_title = serializers.CharField(source="destination.title", read_only=True)
    places_taken = serializers.SerializerMethodField()
    # Required when changing a record: the version it was read at (optimistic locking; 409 if stale).
    version = serializers.IntegerField(required=False)

    def get_places_taken(self, recruitment_round: RecruitmentRound) -> int:
        """As counted with the page's rounds (rounds_with_places_taken), or for a round read alone."""
        taken = getattr(recruitment_round, "taken", None)
        return recruitment_round.places_taken if taken is None else taken

    class Meta:
        model = RecruitmentRound
        fields = ["id", *ROUND_FIELDS, "destination_title", "places_taken", "version", "created_at"]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {
            "places": {"error_messages": {"min_value": _("A round has at least one place.")}},
            "season": {
                "error_messages": {
                    "min_value": _("Give the season's year, such as 2026."),
                    "max_value": _("Give the season's year, such as 2026."),
                }
            },
        }


class RoundListApi(RecordListApi):
    """Recruitment rounds: search (`q`: programme), filter by season, destination, status; sort."""

    queryset = rounds_with_places_taken()
    serializer_class = RecruitmentRoundSerializer
    filterset_class = RoundFilter
    ordering_fields = ["season", "opens_on", "places", "programme"]
    ordering = ["-season", "-opens_on"]

    def create_record(self, values: dict) -> RecruitmentRound:
        return round_save(values=values, version=None, by=self.request.user)


class RoundDetailApi(RecordDetailApi):
    queryset = rounds_listed()
    serializer_class = RecruitmentRoundSerializer

    def change_record(self, record: RecruitmentRound, values: dict, version: int) -> RecruitmentRound:
        return round_save(recruitment_round=record, values=values, version=version, by=self.request.user)


class FarmWorkerSerializer(CaseSerializer):
    round = serializers.PrimaryKeyRelatedField(queryset=RecruitmentRound.objects.all())
    round_title = serializers.CharField(source="round.__str__", read_only=True)
    destination = serializers.CharField(source="round.destination.code", read_only=True)
    currency = serializers.CharField(
        source="round.currency", read_only=True, help_text="Of the earnings and remittances: the round's."
    )
    district = CodeRelatedField("district", required=False, allow_null=True)
    district_title = serializers.CharField(source="district.title", read_only=True, allow_null=True)

    class Meta(CaseSerializer.Meta):
        model = FarmWorker
        fields = [*CASE_FIELDS, *WORKER_FIELDS, "round_title", "destination", "currency", "district_title"]
        extra_kwargs = {
            "earnings_reported": {"error_messages": {"min_value": NEGATIVE}},
            "remittances_reported": {"error_messages": {"min_value": NEGATIVE}},
        }


class FarmWorkerListApi(CaseListApi):
    """Farm programme workers: search (`q`: reference, name, national insurance number), filters by
    round, status, sex, district, destination; sort. POST registers an application to an open round;
    selecting, departures and returns are transitions (/api/v1/cases/<id>/transitions/)."""

    queryset = farm_workers_listed()
    serializer_class = FarmWorkerSerializer
    filterset_class = FarmWorkerFilter
    ordering_fields = ["reference", "opened_on", "name", "departed_on", "returned_on"]
    ordering = ["-opened_on"]

    def create_record(self, values: dict) -> FarmWorker:
        return farm_worker_apply(values=values, by=self.request.user)


class FarmWorkerDetailApi(CaseDetailApi):
    queryset = farm_workers_listed()
    serializer_class = FarmWorkerSerializer

    def change_record(self, record: FarmWorker, values: dict, version: int) -> FarmWorker:
        return farm_worker_update(worker=record, values=values, version=version, by=self.request.user)


class FollowUpSerializer(ModelSerializer):
    version = serializers.IntegerField(required=False)

    class Meta:
        model = FollowUp
        fields = ["id", "on", "employed", "notes", "version"]
        read_only_fields = ["id"]


class FollowUpListApi(PartListApi):
    """The follow-ups of one returned worker; POST records one (also on the worker's timeline)."""

    serializer_class = FollowUpSerializer
    queryset = FollowUp.objects.none()
    parent = "worker"
    save = staticmethod(follow_up_save)


class FollowUpDetailApi(PartDetailApi):
    """One follow-up; PUT/PATCH with the `version` last read."""

    serializer_class = FollowUpSerializer
    queryset = FollowUp.objects.select_related("worker")
    parent, part = "worker", "follow_up"
    save = staticmethod(follow_up_save)
