from rest_framework import serializers

from clmis.records.api import PartDetailApi, PartListApi, RecordDetailApi, RecordListApi
from clmis_training.listing import ProgrammeFilter
from clmis_training.models import Trainee, TrainingProgramme
from clmis_training.selectors import programmes_listed
from clmis_training.services import programme_save, trainee_save
from modules.custom_fields.serializers import CustomValuesField
from modules.reference.api_fields import CodeRelatedField


class ProgrammeSerializer(serializers.ModelSerializer):
    occupation = CodeRelatedField("isco08", level=4, required=False, allow_null=True)
    occupation_title = serializers.CharField(source="occupation.title", read_only=True, allow_null=True)
    sector = CodeRelatedField("isic4", level=1, required=False, allow_null=True)
    sector_title = serializers.CharField(source="sector.title", read_only=True, allow_null=True)
    places_taken = serializers.IntegerField(read_only=True)
    # Required when changing a record: the version it was read at (optimistic locking; 409 if stale).
    version = serializers.IntegerField(required=False)
    custom = CustomValuesField()

    class Meta:
        model = TrainingProgramme
        fields = [
            "id",
            "title",
            "provider",
            "occupation",
            "occupation_title",
            "sector",
            "sector_title",
            "starts_on",
            "ends_on",
            "places",
            "places_taken",
            "version",
            "created_at",
            "custom",
        ]
        read_only_fields = ["id", "created_at"]
        # The service and the model's constraints check, with the messages people read.
        validators = []


class TraineeSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Trainee
        fields = ["id", "name", "sex", "date_of_birth", "status", "version"]
        read_only_fields = ["id"]


class ProgrammeListApi(RecordListApi):
    """The training programmes: search (`q`), filter by sector, occupation, running on a date; sort."""

    queryset = programmes_listed()
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter
    ordering_fields = ["title", "provider", "starts_on", "ends_on", "places", "places_taken", "created_at"]
    ordering = ["-starts_on"]

    def create_record(self, values: dict) -> TrainingProgramme:
        saved = programme_save(values=values, version=None, by=self.request.user)
        return programmes_listed().get(pk=saved.pk)  # answered with the places taken, as listed


class ProgrammeDetailApi(RecordDetailApi):
    queryset = programmes_listed()
    serializer_class = ProgrammeSerializer

    def change_record(self, record: TrainingProgramme, values: dict, version: int) -> TrainingProgramme:
        saved = programme_save(programme=record, values=values, version=version, by=self.request.user)
        return programmes_listed().get(pk=saved.pk)


class TraineeListApi(PartListApi):
    """The trainees of one programme; POST enrols one."""

    serializer_class = TraineeSerializer
    queryset = Trainee.objects.none()  # for the permission check; get_queryset narrows to the programme
    parent = "programme"
    save = staticmethod(trainee_save)


class TraineeDetailApi(PartDetailApi):
    """One trainee; PUT/PATCH with the `version` last read."""

    serializer_class = TraineeSerializer
    queryset = Trainee.objects.select_related("programme")
    parent = "programme"
    save = staticmethod(trainee_save)
