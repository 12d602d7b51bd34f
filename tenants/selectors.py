from django.db.models import Q, QuerySet

from tenants.models import Country


def countries_matching(*, q: str = "", status: str = "") -> QuerySet[Country]:
    countries = Country.objects.prefetch_related("domains")
    if q:
        countries = countries.filter(Q(name__icontains=q) | Q(schema_name__iexact=q) | Q(iso3__iexact=q))
    if status:
        countries = countries.filter(status=status)
    return countries
