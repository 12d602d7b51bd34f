from django_filters.rest_framework import DjangoFilterBackend

from modules.custom_fields.filters import custom_filters_add


class RecordFilterBackend(DjangoFilterBackend):
    """django-filter's backend, with a list's filters on the country's custom fields added: the API
    filters by them as the list page does (see modules.custom_fields.filters)."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            custom_filters_add(filterset)
        return filterset
