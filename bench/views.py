"""The view under test: an authenticated DRF list of 20 users, i.e. a typical small page of the API.

It lives here rather than in the product because the suite may not add endpoints or migrations; the
country's own users are the rows, since every country schema has them.
"""

from django.contrib.auth import get_user_model
from rest_framework import pagination, serializers
from rest_framework.generics import ListAPIView

PAGE_SIZE = 20


class BenchUserOutput(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username", "first_name", "last_name", "email", "date_joined"]


class BenchPagination(pagination.PageNumberPagination):
    page_size = PAGE_SIZE


class BenchUserListApi(ListAPIView):
    """Token authentication, the project's default permissions (IsAuthenticated, MFASatisfied) and filters."""

    serializer_class = BenchUserOutput
    pagination_class = BenchPagination
    queryset = get_user_model().objects.order_by("username")
