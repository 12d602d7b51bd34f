"""The release calendar: planned publications by indicator and period, checked against the indicator's
periodicity, shown on the public site from today on."""

import datetime

from django.core.cache import cache
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.indicators.models import Indicator, Release
from tests.support import client_for, sign_in


def test_the_statistician_plans_releases_and_the_public_sees_those_to_come(kn):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    with tenant_context(kn):
        strikes = Indicator.objects.get(code="STR_TSTR_ECO_NB")  # annual only
    today = timezone.localdate()
    refused = statistician.post(
        "/indicators/releases/new/", {"indicator": strikes.pk, "period": "2026-03", "planned_on": str(today)}
    )
    assert refused.status_code == 200 and "period" in refused.context["form"].errors
    for period, planned in (
        ("2026", today + datetime.timedelta(days=40)),
        ("2024", today - datetime.timedelta(days=300)),
    ):
        saved = statistician.post(
            "/indicators/releases/new/",
            {"indicator": strikes.pk, "period": period, "planned_on": str(planned)},
        )
        assert saved.status_code == 302, saved.context["form"].errors
    twice = statistician.post(
        "/indicators/releases/new/", {"indicator": strikes.pk, "period": "2026", "planned_on": str(today)}
    )
    assert twice.status_code == 200
    with tenant_context(kn):
        assert Release.objects.filter(indicator=strikes).count() == 2
        assert Release.history.filter(actor="kn:statistician").count() == 2
    cache.clear()
    calendar = client_for("kn.localhost").get("/lmi/calendar/").content.decode()
    assert "2026" in calendar and ">2024<" not in calendar
    assert sign_in(client_for("kn.localhost"), kn, "officer").get("/indicators/releases/").status_code == 403
