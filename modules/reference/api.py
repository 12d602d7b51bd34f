"""Read-only API of the code tables: other systems validate and label their codes against the country's."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from clmis.api.serializers import ModelSerializer
from modules.reference.models import Classification, Code
from modules.reference.selectors import classifications_with_counts, codes_matching


class ClassificationOutput(ModelSerializer):
    code_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Classification
        fields = ["key", "title", "kind", "version", "source", "maps_to", "code_count"]


class CodeOutput(ModelSerializer):
    parent = serializers.CharField(source="parent.code", allow_null=True, read_only=True)

    class Meta:
        model = Code
        fields = ["code", "title", "level", "parent", "path", "harmonised_code", "active"]


class CodeQuery(serializers.Serializer):
    search = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        help_text=_("A code prefix, or words all found in the title or example occupations/activities."),
    )
    level = serializers.IntegerField(required=False, min_value=1, help_text=_("Only codes at this level."))
    parent = serializers.CharField(
        required=False, help_text=_("Only the codes directly under this code of the same table.")
    )


class ClassificationListApi(generics.ListAPIView):
    """The code tables of the country: international classifications and national tables."""

    serializer_class = ClassificationOutput
    filter_backends = []

    def get_queryset(self):
        # Counting drops the model's default ordering, which pagination needs.
        return classifications_with_counts()


class CodeListApi(generics.ListAPIView):
    """The codes in use of a table, in tree order; with `search`, the exact code first."""

    serializer_class = CodeOutput
    # The query parameters are this view's own (CodeQuery), not the generic search and ordering.
    filter_backends = []

    @extend_schema(parameters=[CodeQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        table = get_object_or_404(Classification, key=self.kwargs["key"])
        query = CodeQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.validated_data
        codes = codes_matching(table.key, filters["search"], level=filters.get("level"))
        if "parent" in filters:
            codes = codes.filter(parent__code=filters["parent"])
        return codes.select_related("parent")
