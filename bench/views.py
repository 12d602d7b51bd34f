"""The bench's own views: the users list of the routing benchmark and the employers register's yardsticks.

They live here rather than in the product because the suite may not add endpoints or migrations. The
routing benchmark lists the country's own users, since every country schema has them.
"""

from collections.abc import Callable
from dataclasses import replace
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from rest_framework import pagination, serializers
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.generics import ListAPIView

from clmis.accounts.mfa import mfa_missing
from modules.employers.models import Employer
from modules.employers.views import PAGES

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


# --- The employers register: a hand-tuned list to measure the API and the list page against ----------

# The serializer's fields (modules.employers.api.EmployerSerializer), the codes and titles by join.
EMPLOYER_VALUES = (
    *("id", "name", "registration_number", "nis_number", "size_band", "street", "city", "phone"),
    *("email", "active", "version", "created_at", "custom"),
)
CODE_VALUES = {
    "isic_code": F("isic__code"),
    "isic_title": F("isic__title"),
    "district_code": F("district__code"),
    "district_title": F("district__title"),
}
ORDERABLE = frozenset(("name", "registration_number", "size_band", "created_at", "id"))
MAX_LIMIT = 200


def employers_values(request: HttpRequest) -> JsonResponse:
    """What the API's list costs at the least: one `.values()` query of the same rows, a COUNT, JSON.

    It authorises like the API (session or token, two-factor rule, the view permission) so the two
    differ only in how the rows are filtered, fetched and written out: the filters are plain lookups
    rather than a FilterSet (no query validating the section code), the rows dictionaries rather than
    model instances through a serializer. `?ordering=-name,id` as the API's (pk allowed, for the pages).
    """
    user = _user(request)
    if user is None:
        return JsonResponse({"detail": "Authentication credentials were not provided."}, status=401)
    if mfa_missing(user) or not user.has_perm("employers.view_employer"):
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    rows = Employer.objects.filter(_employer_filters(request.GET)).order_by(*_ordering(request.GET))
    limit = min(int(request.GET.get("limit", 50)), MAX_LIMIT)
    return JsonResponse(
        {"count": rows.count(), "results": list(rows.values(*EMPLOYER_VALUES, **CODE_VALUES)[:limit])}
    )


def employer_list_sized(request: HttpRequest, page_size: int) -> HttpResponse:
    """The product's employers list page (modules.employers.views.PAGES) with another page size.

    Only so the statements of the list page can be counted at 10 and 200 rows a page as well (25 is
    fixed in the Listing): a query per row would show as a count that grows with the page. Everything
    else, the sign-in and permission checks included, is the product's own list view.
    """
    return _list_view(page_size)(request)


@cache
def _list_view(page_size: int) -> Callable[[HttpRequest], HttpResponse]:
    return replace(PAGES, listing=replace(PAGES.listing, page_size=page_size)).list_view()


def _user(request: HttpRequest) -> AbstractBaseUser | None:
    """The signed-in user of the session, else of the API token (DRF's own TokenAuthentication)."""
    if request.user.is_authenticated:
        return request.user
    try:
        authenticated = TokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        return None
    return authenticated[0] if authenticated else None


def _employer_filters(params: QueryDict) -> Q:
    """EmployerFilter's filters as plain lookups: q, section, size_band, district, active."""
    lookups = Q()
    if text := params.get("q"):
        lookups &= Q(name__icontains=text) | Q(registration_number__iexact=text) | Q(nis_number__iexact=text)
    if section := params.get("section"):
        lookups &= Q(isic__path__startswith=f"{section}/")
    if size_band := params.get("size_band"):
        lookups &= Q(size_band=size_band)
    if district := params.get("district"):
        lookups &= Q(district__code=district)
    if params.get("active") in ("true", "false"):
        lookups &= Q(active=params["active"] == "true")
    return lookups


def _ordering(params: QueryDict) -> list[str]:
    requested = [key.strip() for key in params.get("ordering", "name").split(",") if key.strip()]
    return [key for key in requested if key.removeprefix("-") in ORDERABLE] or ["name"]
