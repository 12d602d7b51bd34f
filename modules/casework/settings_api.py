"""A country's settings for its cases over the API: the wording of its letters (list, read, set, go back
to the shipped one, preview on a case) and the patterns of its numbers (list, read, set, go back to the
default). The same selectors and services as the pages; refusals answer 400 by field."""

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clmis.accounts.permissions import MFASatisfied
from clmis.api.permissions import holding
from modules.casework.numbering import Numbering
from modules.casework.selectors import (
    LetterKind,
    LetterWording,
    NumberingInForce,
    letter_offered,
    letter_preview,
    letter_values,
    letter_wording,
    letter_wordings,
    numbering_in_force,
    numbering_of,
    numberings_in_force,
)
from modules.casework.services import (
    letter_template_delete,
    letter_template_save,
    numbering_rule_delete,
    numbering_rule_save,
)


def setting_permission(model: str) -> type[BasePermission]:
    """Reading a setting of `model` ("casework.lettertemplate") needs its view permission, setting it
    add and change. Going back to what is shipped (DELETE) changes the country's setting, so it needs
    change: no role is granted the deletion of anything."""
    app_label, name = model.split(".")
    needs = {"PUT": ("add", "change"), "DELETE": ("change",)}

    class SettingPermission(BasePermission):
        def has_permission(self, request: Request, view: APIView) -> bool:
            actions = needs.get(request.method, ("view",))
            return request.user.has_perms([f"{app_label}.{action}_{name}" for action in actions])

    return SettingPermission


LETTER_PERMISSIONS = [IsAuthenticated, MFASatisfied, setting_permission("casework.lettertemplate")]
NUMBERING_PERMISSIONS = [IsAuthenticated, MFASatisfied, setting_permission("casework.numberingrule")]
WORDINGS = (("country", "the country's own"), ("shipped", "the wording shipped with the module"))


class LetterWordingRow(serializers.Serializer):
    key = serializers.CharField(help_text="the letter, e.g. complaints/acknowledgment or casework/statement")
    label = serializers.CharField()
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    wording = serializers.ChoiceField(choices=WORDINGS)


class LetterWordingOutput(LetterWordingRow):
    subject = serializers.CharField()
    body = serializers.CharField(help_text="the wording in the restricted template language")
    values = serializers.ListField(
        child=serializers.CharField(), help_text="the values the wording may use, as {{ name }}"
    )


class LetterWordingInput(serializers.Serializer):
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField()


class LetterPreviewInput(LetterWordingInput):
    case = serializers.IntegerField(
        required=False, help_text="the id of a case to render it for; the latest that can have it if left out"
    )


class PreviewCase(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()


class LetterPreviewOutput(serializers.Serializer):
    case = PreviewCase()
    subject = serializers.CharField()
    html = serializers.CharField()


class LetterWordingListApi(generics.ListAPIView):
    """Every letter the country's modules produce, in every language offered, with whose wording it has."""

    permission_classes = LETTER_PERMISSIONS
    serializer_class = LetterWordingRow
    filter_backends = []

    def get_queryset(self) -> list[dict]:
        return [
            _wording_row(wording)
            for _letter, wordings in letter_wordings(self.request.modules)
            for wording in wordings
        ]


class LetterWordingApi(APIView):
    """A letter's wording in a language: the country's own, or the shipped one (translated, as a
    country's wording would be written). PUT sets the country's own; DELETE goes back to the shipped one."""

    permission_classes = LETTER_PERMISSIONS

    @extend_schema(responses=LetterWordingOutput)
    def get(self, request: Request, key: str, language: str) -> Response:
        return Response(_wording(_letter_or_404(request, key, language), language))

    @extend_schema(request=LetterWordingInput, responses=LetterWordingOutput)
    def put(self, request: Request, key: str, language: str) -> Response:
        letter = _letter_or_404(request, key, language)
        data = LetterWordingInput(data=request.data)
        data.is_valid(raise_exception=True)
        letter_template_save(letter=letter, language=language, by=request.user, **data.validated_data)
        return Response(_wording(letter, language))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, key: str, language: str) -> Response:
        letter_template_delete(
            letter=_letter_or_404(request, key, language), language=language, by=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class LetterPreviewApi(APIView):
    """A wording rendered for a case (the latest that can have the letter, or `case`), nothing saved.
    Refused as saving it would be; the case must be one the caller may see."""

    permission_classes = [IsAuthenticated, MFASatisfied, holding("casework.view_lettertemplate")]

    @extend_schema(request=LetterPreviewInput, responses=LetterPreviewOutput)
    def post(self, request: Request, key: str, language: str) -> Response:
        letter = _letter_or_404(request, key, language)
        data = LetterPreviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        preview = letter_preview(
            letter,
            request.user,
            language=language,
            subject=data.validated_data["subject"],
            body=data.validated_data["body"],
            pk=data.validated_data.get("case"),
        )
        case = {"id": preview.case.pk, "reference": preview.case.reference}
        return Response(
            LetterPreviewOutput(
                {"case": case, "subject": preview.letter.subject, "html": preview.letter.html}
            ).data
        )


class NumberingOutput(serializers.Serializer):
    key = serializers.CharField(help_text="a case type (complaints.complaint) or another numbering it has")
    label = serializers.CharField()
    pattern = serializers.CharField()
    default_pattern = serializers.CharField()
    own = serializers.BooleanField(help_text="whether the pattern is the country's own")
    next_number = serializers.CharField(help_text="the number the pattern would give next, today (not taken)")


class NumberingInput(serializers.Serializer):
    pattern = serializers.CharField(max_length=40)


class NumberingListApi(generics.ListAPIView):
    """The numberings of the country's case types: their references, and other numbers they give."""

    permission_classes = NUMBERING_PERMISSIONS
    serializer_class = NumberingOutput
    filter_backends = []

    def get_queryset(self) -> list[dict]:
        return [
            _numbering_row(found)
            for found in numberings_in_force(self.request.modules, on=timezone.localdate())
        ]


class NumberingApi(APIView):
    """A numbering's pattern. PUT sets the country's own (refused if it cannot number uniquely, would
    give a number given before, or the same numbers as another numbering); DELETE goes back to the
    default, checked the same way."""

    permission_classes = NUMBERING_PERMISSIONS

    @extend_schema(responses=NumberingOutput)
    def get(self, request: Request, key: str) -> Response:
        return Response(_numbering(_numbering_or_404(request, key)))

    @extend_schema(request=NumberingInput, responses=NumberingOutput)
    def put(self, request: Request, key: str) -> Response:
        numbering = _numbering_or_404(request, key)
        data = NumberingInput(data=request.data)
        data.is_valid(raise_exception=True)
        numbering_rule_save(numbering=numbering, pattern=data.validated_data["pattern"], by=request.user)
        return Response(_numbering(numbering))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, key: str) -> Response:
        numbering_rule_delete(numbering=_numbering_or_404(request, key), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _letter_or_404(request: Request, key: str, language: str) -> LetterKind:
    letter = letter_offered(request.modules, key)
    if letter is None or language not in dict(settings.LANGUAGES):
        raise Http404
    return letter


def _wording_row(wording: LetterWording) -> dict:
    return {
        "key": wording.letter.key,
        "label": str(wording.letter.label),
        "language": wording.language,
        "wording": "country" if wording.own else "shipped",
    }


def _wording(letter: LetterKind, language: str) -> dict:
    wording = letter_wording(letter, language)
    text = wording.text()
    values = sorted(letter_values(letter))
    return LetterWordingOutput(
        {**_wording_row(wording), "subject": text.subject, "body": text.html, "values": values}
    ).data


def _numbering_or_404(request: Request, key: str) -> Numbering:
    numbering = numbering_of(request.modules, key)
    if numbering is None:
        raise Http404
    return numbering


def _numbering_row(found: NumberingInForce) -> dict:
    return {
        "key": found.numbering.key,
        "label": str(found.numbering.label),
        "pattern": found.pattern,
        "default_pattern": found.numbering.default_pattern,
        "own": found.own,
        "next_number": found.next_number,
    }


def _numbering(numbering: Numbering) -> dict:
    return NumberingOutput(_numbering_row(numbering_in_force(numbering, on=timezone.localdate()))).data
