"""Data requests: the coordination unit asks a country for values by a date; the country's LMIS
administrators are told by e-mail and on their site (with a count in the menu), reminded a week and a
day before and weekly after the due date, and answer; the hub sees what has arrived."""

import datetime
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.data_requests.models import DataRequest
from regional_hub.data_requests.services import data_request_create, data_requests_remind
from regional_hub.data_requests.tasks import data_request_notify
from regional_hub.facts.models import Fact
from tests.support import client_for, sign_in, user_in

A_DAY = datetime.timedelta(days=1)


@pytest.fixture
def analyst(countries, db):
    return sign_in(client_for("localhost"), None, "regional_analyst")


@pytest.fixture
def kn_admin(kn):
    with tenant_context(kn):
        admin = user_in(kn, "lmis_admin")
        admin.email = "lmis@labour.kn.example"
        admin.save()
        TOTP.activate(admin, generate_totp_secret())
    return sign_in(client_for("kn.localhost"), kn, "lmis_admin")


def _request(country, *, due_in_days: int = 14) -> DataRequest:
    with schema_context(get_public_schema_name()):
        return data_request_create(
            country=country,
            indicators=list(
                HarmonisedIndicator.objects.filter(code__in=["UNE_DEAP_SEX_AGE_RT", "EAP_DWAP_SEX_AGE_RT"])
            ),
            periods=["2025", "2024"],
            message="For the regional bulletin.",
            due_on=timezone.localdate() + due_in_days * A_DAY,
            by=user_in(None, "regional_analyst"),
        )


def test_the_analyst_asks_a_country_and_its_administrators_are_told(
    analyst, kn, kn_admin, django_capture_on_commit_callbacks
):
    unemployment = HarmonisedIndicator.objects.get(code="UNE_DEAP_SEX_AGE_RT")
    with django_capture_on_commit_callbacks() as sent:
        made = analyst.post(
            "/data-requests/new/",
            {
                "country": kn.pk,
                "indicators": [unemployment.pk],
                "periods": "2025, 2024",
                "due_on": (timezone.localdate() + 10 * A_DAY).isoformat(),
                "message": "For the regional bulletin.",
            },
        )
    assert made.status_code == 302 and len(sent) == 1  # the notification task, sent once committed
    request = DataRequest.objects.get()
    assert (request.periods, request.requested_by, request.state) == (
        ["2024", "2025"],
        "hub:regional_analyst",
        "open",
    )
    with tenant_context(kn), django_capture_on_commit_callbacks(execute=True):
        assert data_request_notify(request.pk) == 1
    assert mail.outbox[-1].to == ["lmis@labour.kn.example"] and "2025" in mail.outbox[-1].body
    refused = analyst.post(
        "/data-requests/new/",
        {
            "country": kn.pk,
            "indicators": [unemployment.pk],
            "periods": "2025-Q5",
            "due_on": "2020-01-01",
            "message": "x",
        },
    )
    assert refused.status_code == 200 and {"periods", "due_on"} <= set(refused.context["form"].errors)
    assert DataRequest.objects.count() == 1


def test_the_country_sees_its_requests_answers_and_the_hub_sees_what_arrived(analyst, kn, lc, kn_admin):
    request = _request(kn)
    _request(lc)
    home = kn_admin.get("/indicators/hub-requests/")
    assert home.status_code == 200 and len(home.context["rows"]) == 1  # kn's only, not lc's
    menu = {entry.url: entry.new for entry in kn_admin.get("/").context["site_menu"]}
    assert menu["/indicators/hub-requests/"] == 1
    Fact.objects.create(
        country=kn,
        indicator=HarmonisedIndicator.objects.get(code="UNE_DEAP_SEX_AGE_RT"),
        period="2025",
        key="",
        value=Decimal("8.5"),
        collected_at=timezone.now(),
    )
    detail = analyst.get(f"/data-requests/{request.pk}/")
    asked = {(item.indicator.code, item.period): item.published for item in detail.context["asked"]}
    assert asked == {
        ("EAP_DWAP_SEX_AGE_RT", "2024"): False,
        ("EAP_DWAP_SEX_AGE_RT", "2025"): False,
        ("UNE_DEAP_SEX_AGE_RT", "2024"): False,
        ("UNE_DEAP_SEX_AGE_RT", "2025"): True,
    }
    assert (
        kn_admin.post("/indicators/hub-requests/", {"request": request.pk, "answer": " "}).status_code == 200
    )
    answered = kn_admin.post(
        "/indicators/hub-requests/", {"request": request.pk, "answer": "Published in March."}
    )
    assert answered.status_code == 302
    request.refresh_from_db()
    assert (request.state, request.answered_by) == ("answered", "kn:lmis_admin")
    other = DataRequest.objects.get(country=lc)
    assert kn_admin.post("/indicators/hub-requests/", {"request": other.pk, "answer": "x"}).status_code == 404
    closed = analyst.post(f"/data-requests/{request.pk}/close/")
    assert closed.status_code == 302 and DataRequest.objects.get(pk=request.pk).state == "closed"


def test_reminders_go_a_week_and_a_day_before_and_weekly_after_once_a_day(
    kn, django_capture_on_commit_callbacks
):
    week = _request(kn, due_in_days=7)
    tomorrow = _request(kn, due_in_days=1)
    later = _request(kn, due_in_days=3)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks() as sent:
        assert {r.pk for r in data_requests_remind(today)} == {week.pk, tomorrow.pk}
    assert len(sent) == 2
    assert data_requests_remind(today) == []  # once a day
    overdue = {r.pk for r in data_requests_remind(today + 8 * A_DAY)}  # tomorrow's is 7 days late
    assert overdue == {tomorrow.pk}
    later.refresh_from_db()
    assert later.reminders_sent == 0
    assert DataRequest.objects.get(pk=tomorrow.pk).reminders_sent == 2


def test_country_users_cannot_reach_the_hubs_request_pages(kn):
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get("/indicators/hub-requests/").status_code == 403
    assert client_for("kn.localhost").get("/data-requests/").status_code == 404
