"""The case API: each case type's CRUD (CaseListApi, CaseDetailApi) and the actions every case has,
once, under /api/v1/cases/<id>/: transitions, assignment, notes and timeline, documents, letters."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clmis.accounts.permissions import MFASatisfied
from clmis.api.parsers import FormParser, MultiPartParser
from clmis.api.serializers import ModelSerializer
from clmis.personal_data.selectors import WITHHELD, hides_personal_data
from clmis.records.api import RecordDetailApi, RecordListApi
from modules.casework.models import Case, CaseDocument, CaseEvent, Letter
from modules.casework.selectors import case_for, case_letters
from modules.casework.services import (
    case_assign,
    case_document_add,
    case_note_add,
    case_open,
    case_transition,
    case_update,
    letter_issue,
)
from modules.custom_fields.serializers import CustomValuesField

CASE_FIELDS = [
    "id",
    "reference",
    "status",
    "status_label",
    "assigned_to",
    "opened_on",
    "due_on",
    "closed_on",
    "overdue",
    "version",
    "custom",
]


class CaseSerializer(ModelSerializer):
    """Base of a case type's serializer: the case's own fields are read-only (actions change them)."""

    status_label = serializers.CharField(read_only=True)
    assigned_to = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    overdue = serializers.BooleanField(read_only=True)
    version = serializers.IntegerField(required=False)
    custom = CustomValuesField()

    class Meta:
        read_only_fields = ["id", "reference", "status", "closed_on"]
        validators = []


# Case type -> its API serializer, which also validates the fields a transition requires.
SERIALIZERS: dict[type[Case], type[serializers.Serializer]] = {}


class CaseListApi(RecordListApi):
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        SERIALIZERS[cls.serializer_class.Meta.model] = cls.serializer_class

    def create_record(self, values: dict) -> Case:
        return case_open(case=self.get_serializer().Meta.model(), values=values, by=self.request.user)


class CaseDetailApi(RecordDetailApi):
    def change_record(self, record: Case, values: dict, version: int) -> Case:
        return case_update(case=record, values=values, version=version, by=self.request.user)


ACTION_PERMISSIONS = [IsAuthenticated, MFASatisfied]


class CaseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    version = serializers.IntegerField()


class TransitionInput(serializers.Serializer):
    action = serializers.CharField(help_text="a transition of the case's workflow, e.g. settle")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(help_text="the version of the case you read")
    # Fields the transition requires (e.g. the outcome to settle), validated by the case type's serializer.
    values = serializers.DictField(required=False, default=dict)


class CaseTransitionApi(APIView):
    """Move a case along its workflow. Refusals name the transitions possible now; 403 without the role."""

    permission_classes = ACTION_PERMISSIONS

    @extend_schema(request=TransitionInput, responses=CaseOutput)
    def post(self, request: Request, pk: int) -> Response:
        case = case_for(request, pk, "view")
        data = TransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = _case_values(request, case, data.validated_data["values"])
        case = case_transition(
            case=case,
            action=data.validated_data["action"],
            note=data.validated_data["note"],
            values=values,
            version=data.validated_data["version"],
            by=request.user,
        )
        return Response(CaseOutput(case).data)


def _case_values(request: Request, case: Case, values: dict) -> dict:
    """Values for the transition's required fields, validated by the case type's own serializer."""
    if not values:
        return {}
    serializer = SERIALIZERS[type(case)](case, data=values, partial=True, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return {name: value for name, value in serializer.validated_data.items() if name in values}


class AssignInput(serializers.Serializer):
    officer = serializers.SlugRelatedField(slug_field="username", queryset=get_user_model().objects.all())
    due_on = serializers.DateField(required=False, allow_null=True)


class CaseAssignApi(APIView):
    permission_classes = ACTION_PERMISSIONS

    @extend_schema(request=AssignInput, responses=CaseOutput)
    def post(self, request: Request, pk: int) -> Response:
        case = case_for(request, pk, "view")
        data = AssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = case_assign(
            case=case,
            officer=data.validated_data["officer"],
            due_on=data.validated_data.get("due_on"),
            by=request.user,
        )
        return Response(CaseOutput(case).data)


class EventOutput(ModelSerializer):
    class Meta:
        model = CaseEvent
        fields = ["kind", "at", "actor", "text", "internal"]


class NoteInput(serializers.Serializer):
    text = serializers.CharField()


class CaseEventsApi(generics.ListAPIView):
    """The case's timeline, oldest first. POST adds an internal note."""

    permission_classes = ACTION_PERMISSIONS
    serializer_class = EventOutput
    queryset = CaseEvent.objects.none()  # for the schema; get_queryset reads the case's own

    def get_queryset(self):
        return case_for(self.request, self.kwargs["pk"], "view").events.all()

    def get_serializer(self, *args, **kwargs):
        # A reader who may not see who the case is about does not read what the timeline says either.
        if args and hides_personal_data(case_for(self.request, self.kwargs["pk"], "view"), self.request.user):
            for event in args[0]:
                event.text = WITHHELD if event.text else ""
        return super().get_serializer(*args, **kwargs)

    @extend_schema(request=NoteInput, responses={201: EventOutput})
    def post(self, request: Request, pk: int) -> Response:
        case = case_for(request, pk, "change")
        data = NoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        event = case_note_add(case=case, text=data.validated_data["text"], by=request.user)
        return Response(EventOutput(event).data, status=status.HTTP_201_CREATED)


class DocumentOutput(ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = CaseDocument
        fields = ["id", "name", "content_type", "size", "description", "uploaded_at", "actor", "download"]

    def get_download(self, document: CaseDocument) -> str:
        return reverse("casework:document", args=[document.case_id, document.pk])


class DocumentInput(serializers.Serializer):
    file = serializers.FileField()
    description = serializers.CharField(required=False, allow_blank=True, default="")


class CaseDocumentsApi(generics.ListAPIView):
    """The case's documents (download links check access on every request). POST attaches one (multipart)."""

    permission_classes = ACTION_PERMISSIONS
    serializer_class = DocumentOutput
    queryset = CaseDocument.objects.none()
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        case = case_for(self.request, self.kwargs["pk"], "view")
        # Documents (identity papers, statements) name the person: not for a reader who may not know who.
        return case.documents.none() if hides_personal_data(case, self.request.user) else case.documents.all()

    @extend_schema(request=DocumentInput, responses={201: DocumentOutput})
    def post(self, request: Request, pk: int) -> Response:
        case = case_for(request, pk, "change")
        data = DocumentInput(data=request.data)
        data.is_valid(raise_exception=True)
        document = case_document_add(
            case=case,
            upload=data.validated_data["file"],
            description=data.validated_data["description"],
            by=request.user,
        )
        return Response(DocumentOutput(document).data, status=status.HTTP_201_CREATED)


class LetterOutput(ModelSerializer):
    page = serializers.SerializerMethodField()
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = ["id", "template_key", "language", "subject", "created_at", "actor", "page", "pdf"]

    def get_page(self, letter: Letter) -> str:
        return reverse("casework:letter", args=[letter.case_id, letter.pk])

    def get_pdf(self, letter: Letter) -> str:
        return f"{self.get_page(letter)}?format=pdf"


class LetterInput(serializers.Serializer):
    key = serializers.CharField(help_text="a letter of the case's module, or casework/statement")
    language = serializers.CharField(default="en")


class CaseLettersApi(generics.ListAPIView):
    """The letters issued for the case. POST produces one (kept as issued; page and PDF links)."""

    permission_classes = ACTION_PERMISSIONS
    serializer_class = LetterOutput
    queryset = Letter.objects.none()

    def get_queryset(self):
        case = case_for(self.request, self.kwargs["pk"], "view")
        return case.letters.none() if hides_personal_data(case, self.request.user) else case.letters.all()

    @extend_schema(request=LetterInput, responses={201: LetterOutput})
    def post(self, request: Request, pk: int) -> Response:
        case = case_for(request, pk, "change")
        data = LetterInput(data=request.data)
        data.is_valid(raise_exception=True)
        letters = dict(case_letters(case))
        if data.validated_data["key"] not in letters:
            message = _("Letters of this case: %(keys)s.") % {"keys": ", ".join(letters)}
            raise serializers.ValidationError({"key": [message]})
        letter = letter_issue(
            case=case,
            key=data.validated_data["key"],
            language=data.validated_data["language"],
            by=request.user,
        )
        return Response(LetterOutput(letter).data, status=status.HTTP_201_CREATED)
