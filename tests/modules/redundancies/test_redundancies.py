"""Redundancies: an employer's notification with the workers affected by occupation and sex, through the
API and the pages; refusals, roles, reports, demo data and isolation between countries."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.employers.demo import employers_demo
from modules.employers.services import employer_save
from modules.redundancies.demo import redundancies_demo
from modules.redundancies.models import AffectedGroup, Redundancy
from modules.redundancies.reports import BY_REASON, WORKERS_BY_ACTIVITY, WORKERS_BY_OCCUPATION, WORKFLOW
from modules.redundancies.services import affected_group_save, redundancy_notify
from modules.reference.selectors import code_lookup
from modules.reports.periods import period_parse
from tenants.services import module_disable, module_enable
from tests.support import client_for, sign_in, user_in

TODAY = datetime.date.today()
DAYS_AGO = [TODAY - datetime.timedelta(days=n) for n in range(40)]


@pytest.fixture
def employer(kn):
    with tenant_context(kn):
        return employer_save(
            values={
                "name": "Frigate Bay Resort",
                "registration_number": "C-9401",
                "isic": code_lookup("isic4", "5510"),
            },
            version=None,
            by=None,
        )


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def supervisor(kn):
    return sign_in(client_for("kn.localhost"), kn, "supervisor")


def _new(client, employer_pk, **extra):
    payload = {
        "employer": employer_pk,
        "notified_on": str(DAYS_AGO[10]),
        "opened_on": str(DAYS_AGO[9]),
        "effective_on": str(TODAY + datetime.timedelta(days=20)),
        "reason": "SEASON_END",
        "description": "End of the winter season.",
        "severance_total": "24000.00",
        **extra,
    }
    return client.post("/api/v1/redundancies/", payload, content_type="application/json")


def _group(client, pk, occupation, women, men):
    return client.post(
        f"/api/v1/redundancies/{pk}/groups/",
        {"occupation": occupation, "women": women, "men": men},
        content_type="application/json",
    )


def _act(client, pk, action, version, **values):
    return client.post(
        f"/api/v1/cases/{pk}/transitions/",
        {"action": action, "version": version, "values": values},
        content_type="application/json",
    )


def _notify(kn, employer, groups=(), reason="DOWNTURN", **values) -> Redundancy:
    with tenant_context(kn):
        officer = user_in(kn, "officer")
        redundancy = redundancy_notify(
            values={
                "employer": employer,
                "effective_on": TODAY + datetime.timedelta(days=30),
                "reason": code_lookup("redundancy_reason", reason),
                **values,
            },
            by=officer,
        )
        for isco, women, men in groups:
            affected_group_save(
                redundancy=redundancy,
                values={"occupation": code_lookup("isco08", isco), "women": women, "men": men},
                version=None,
                by=officer,
            )
        redundancy.refresh_from_db()
        return redundancy


def test_a_notification_with_its_workers_is_reviewed_and_concluded_by_the_api(
    officer, supervisor, employer, kn
):
    made = _new(officer, employer.pk)
    assert made.status_code == 201, made.content
    redundancy = made.json()
    assert redundancy["reference"].startswith("RED-") and redundancy["status"] == "notified"
    assert redundancy["reason_title"] == "End of season or contract" and redundancy["workers_affected"] == 0
    pk = redundancy["id"]

    cleaners = _group(officer, pk, "9112", 9, 2)
    assert cleaners.status_code == 201, cleaners.content
    assert cleaners.json()["occupation_title"].startswith("Cleaners") and cleaners.json()["total"] == 11
    assert _group(officer, pk, "5131", 4, 3).status_code == 201
    corrected = officer.patch(
        f"/api/v1/redundancies/groups/{cleaners.json()['id']}/",
        {"women": 8, "version": 1},
        content_type="application/json",
    )
    assert corrected.status_code == 200 and corrected.json()["total"] == 10
    groups = officer.get(f"/api/v1/redundancies/{pk}/groups/").json()["results"]
    assert [(g["occupation"], g["women"], g["men"]) for g in groups] == [("5131", 4, 3), ("9112", 8, 2)]
    detail = officer.get(f"/api/v1/redundancies/{pk}/").json()
    # The totals follow the groups.
    assert (detail["women_affected"], detail["men_affected"], detail["workers_affected"]) == (12, 5, 17)

    assert _act(officer, pk, "review", detail["version"]).json()["status"] == "under_review"
    version = detail["version"] + 1
    # Concluding is for supervisors, and needs the date.
    assert _act(officer, pk, "conclude", version, concluded_on=str(TODAY)).status_code == 403
    missing = _act(supervisor, pk, "conclude", version)
    assert missing.status_code == 400 and set(missing.json()["errors"]) == {"concluded_on"}
    early = _act(supervisor, pk, "conclude", version, concluded_on=str(DAYS_AGO[20]))
    assert early.status_code == 400 and "before the redundancy was notified" in str(early.json()["errors"])
    done = _act(supervisor, pk, "conclude", version, concluded_on=str(TODAY), severance_total="25500.00")
    assert done.status_code == 200 and done.json()["status"] == "concluded"
    late = _group(officer, pk, "5120", 1, 0)
    assert late.status_code == 400 and "reopen it" in str(late.json()["errors"])
    changed = officer.patch(
        f"/api/v1/redundancies/groups/{cleaners.json()['id']}/",
        {"women": 1, "version": 2},
        content_type="application/json",
    )
    assert changed.status_code == 400 and "is concluded: reopen it" in str(changed.json()["errors"])

    letter = officer.post(
        f"/api/v1/cases/{pk}/letters/",
        {"key": "redundancies/acknowledgment", "language": "en"},
        content_type="application/json",
    )
    assert letter.status_code == 201
    events = [e["kind"] for e in officer.get(f"/api/v1/cases/{pk}/events/").json()["results"]]
    assert events == ["opened", "note", "note", "status", "status", "letter"]
    with tenant_context(kn):
        done = Redundancy.objects.get(pk=pk)
        assert done.closed_on == TODAY and done.concluded_on == TODAY
        assert done.severance_total == Decimal("25500.00")
        html = done.letters.get().html
    assert "Frigate Bay Resort" in html and "End of season or contract" in html
    assert "Waiters" in html and "Workers affected in all: 17." in html


def test_reopening_clears_the_conclusion(officer, supervisor, employer, kn):
    redundancy = _notify(kn, employer, groups=(("9112", 1, 1),))
    _act(officer, redundancy.pk, "review", redundancy.version)
    _act(supervisor, redundancy.pk, "conclude", redundancy.version + 1, concluded_on=str(TODAY))
    assert _act(officer, redundancy.pk, "reopen", redundancy.version + 2).status_code == 403
    reopened = _act(supervisor, redundancy.pk, "reopen", redundancy.version + 2)
    assert reopened.status_code == 200 and reopened.json()["status"] == "under_review"
    with tenant_context(kn):
        redundancy.refresh_from_db()
        assert redundancy.concluded_on is None and redundancy.closed_on is None
        assert redundancy.history.filter(concluded_on=TODAY).exists()
    withdrawn = _act(supervisor, redundancy.pk, "withdraw", redundancy.version)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"effective_on": str(DAYS_AGO[12])}, "effective_on", "cannot take effect before they were notified"),
        ({"notified_on": str(TODAY + datetime.timedelta(days=1))}, "notified_on", "in the future"),
        ({"notified_on": str(DAYS_AGO[3]), "opened_on": str(DAYS_AGO[5])}, "notified_on", "on or after"),
        ({"severance_total": "-1.00"}, "severance_total", "An amount cannot be negative."),
        ({"reason": "BORED"}, "reason", "is not a code of"),
        ({"effective_on": None}, "effective_on", "null"),
    ],
)
def test_bad_notifications_are_refused_and_nothing_is_saved(officer, employer, kn, change, field, message):
    with tenant_context(kn):
        before = Redundancy.objects.count()
    refused = _new(officer, employer.pk, **change)
    assert refused.status_code == 400, refused.content
    assert message in " ".join(str(m) for m in refused.json()["errors"][field])
    with tenant_context(kn):
        assert Redundancy.objects.count() == before


@pytest.mark.parametrize(
    ("group", "field", "message"),
    [
        (("9112", 0, 0), "__all__", "at least one of them"),
        (("9112", -1, 3), "women", "cannot be negative"),
        (("9999", 1, 1), "occupation", "is not a code of"),
        (("91", 1, 1), "occupation", "is not a code of"),
        (("5131", 2, 2), "__all__", "recorded already for this redundancy"),
    ],
)
def test_bad_groups_are_refused_and_nothing_is_saved(officer, employer, kn, group, field, message):
    redundancy = _notify(kn, employer, groups=(("5131", 1, 1),))
    refused = _group(officer, redundancy.pk, *group)
    assert refused.status_code == 400, refused.content
    assert message in " ".join(str(m) for m in refused.json()["errors"][field])
    with tenant_context(kn):
        assert AffectedGroup.objects.filter(redundancy=redundancy).count() == 1
        redundancy.refresh_from_db()
    assert (redundancy.women_affected, redundancy.men_affected) == (1, 1)


def test_the_pages_register_record_workers_conclude_and_print(officer, supervisor, employer, kn):
    page = officer.post(
        "/redundancies/new/",
        {
            "employer": employer.pk,
            "notified_on": str(DAYS_AGO[3]),
            "effective_on": str(TODAY + datetime.timedelta(days=30)),
            "reason": "CLOSURE",
            "opened_on": str(DAYS_AGO[3]),
        },
        follow=True,
    )
    content = page.content.decode()
    assert "is registered" in content and "No workers recorded yet" in content
    with tenant_context(kn):
        redundancy = Redundancy.objects.get(employer=employer)
    refused = officer.post(
        f"/redundancies/{redundancy.pk}/groups/new/", {"occupation": "5230", "women": 0, "men": 0}
    )
    assert refused.status_code == 200 and "at least one of them" in refused.content.decode()
    recorded = officer.post(
        f"/redundancies/{redundancy.pk}/groups/new/",
        {"occupation": "5230", "women": 6, "men": 1},
        follow=True,
    )
    assert "The workers affected are recorded." in recorded.content.decode()
    assert "7 (6 women, 1 men)" in recorded.content.decode()
    with tenant_context(kn):
        group = redundancy.groups.get()
    changed = officer.post(
        f"/redundancies/groups/{group.pk}/edit/",
        {"occupation": "5230", "women": 5, "men": 1, "version": 1},
        follow=True,
    )
    assert "Your changes to the workers affected are saved." in changed.content.decode()
    with tenant_context(kn):
        redundancy.refresh_from_db()
    assert redundancy.workers_affected == 6

    edited = officer.post(
        f"/redundancies/{redundancy.pk}/edit/",
        {
            "employer": employer.pk,
            "notified_on": str(DAYS_AGO[3]),
            "effective_on": str(DAYS_AGO[4]),
            "reason": "CLOSURE",
            "opened_on": str(DAYS_AGO[3]),
            "version": redundancy.version,
        },
    )
    assert (
        edited.status_code == 200
        and "cannot take effect before they were notified" in edited.content.decode()
    )
    officer.post(f"/cases/{redundancy.pk}/transition/", {"action": "review", "version": redundancy.version})
    assert officer.get(f"/cases/{redundancy.pk}/transition/conclude/").status_code == 403
    form = supervisor.get(f"/cases/{redundancy.pk}/transition/conclude/").content.decode()
    assert 'name="case-concluded_on"' in form and 'name="case-severance_total"' in form
    done = supervisor.post(
        f"/cases/{redundancy.pk}/transition/conclude/",
        {"case-concluded_on": str(TODAY), "action": "conclude", "version": redundancy.version + 1},
        follow=True,
    )
    assert "The case is now Concluded." in done.content.decode()
    letter = supervisor.post(
        f"/cases/{redundancy.pk}/letters/",
        {"key": "redundancies/acknowledgment", "language": "en"},
        follow=True,
    )
    assert "Your notification of redundancies" in letter.content.decode()
    assert "Cashiers" in letter.content.decode()

    listing = supervisor.get("/redundancies/?reason=CLOSURE&status=concluded").content.decode()
    assert redundancy.reference in listing
    assert redundancy.reference not in supervisor.get("/redundancies/?reason=DOWNTURN").content.decode()
    after = supervisor.get(f"/redundancies/?notified_after={DAYS_AGO[3]}&notified_before={TODAY}")
    assert redundancy.reference in after.content.decode()
    assert (
        redundancy.reference
        not in supervisor.get(f"/redundancies/?notified_before={DAYS_AGO[4]}").content.decode()
    )
    assert redundancy.reference in supervisor.get("/redundancies/?q=frigate").content.decode()
    exported = load_workbook(
        io.BytesIO(supervisor.get("/redundancies/export.xlsx?reason=CLOSURE").getvalue())
    )
    rows = list(exported.active.iter_rows(values_only=True))
    assert redundancy.reference in rows[1] and 6 in rows[1] and "Closure of the business" in rows[1]
    assert officer.get("/redundancies/export.xlsx").status_code == 403


def test_roles(kn, employer):
    redundancy = _notify(kn, employer, groups=(("9112", 2, 0),))
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert statistician.get(f"/redundancies/{redundancy.pk}/").status_code == 200
    assert statistician.get(f"/api/v1/redundancies/{redundancy.pk}/groups/").status_code == 200
    assert _group(statistician, redundancy.pk, "5131", 1, 0).status_code == 403
    assert _act(statistician, redundancy.pk, "review", redundancy.version).status_code == 403
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    assert submitter.get(f"/redundancies/{redundancy.pk}/").status_code == 403
    assert submitter.get("/api/v1/redundancies/").status_code == 403
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert _act(officer, redundancy.pk, "withdraw", redundancy.version).status_code == 403
    with tenant_context(kn):
        unchanged = Redundancy.objects.get(pk=redundancy.pk)
        assert unchanged.groups.count() == 1
    assert unchanged.status == "notified" and unchanged.version == redundancy.version


def test_report_counts_equal_the_records(kn, employer):
    with tenant_context(kn):
        builder = employer_save(
            values={"name": "Nevis Construction", "isic": code_lookup("isic4", "4100")}, version=None, by=None
        )
    _notify(
        kn,
        employer,
        groups=(("9112", 9, 2), ("5131", 4, 3)),
        reason="SEASON_END",
    )
    _notify(kn, builder, groups=(("9313", 0, 14), ("7112", 1, 5)))
    _notify(kn, builder, groups=(("9313", 0, 3),))
    _notify(kn, employer, groups=(("5120", 2, 2),), notified_on=datetime.date(TODAY.year - 1, 5, 1))
    with tenant_context(kn):
        period = period_parse(str(TODAY.year))
        groups = AffectedGroup.objects.filter(redundancy__notified_on__year=TODAY.year)
        expected_sections = {
            row["redundancy__employer__isic__path"][0]: [row["women"], row["men"]]
            for row in groups.values("redundancy__employer__isic__path").annotate(
                women=Sum("women"), men=Sum("men")
            )
        }
        expected_majors: dict[str, list[int]] = {}
        for path, women, men in groups.values_list("occupation__path", "women", "men"):
            counts = expected_majors.setdefault(path[0], [0, 0])
            counts[0], counts[1] = counts[0] + women, counts[1] + men
        notifications = Redundancy.objects.filter(notified_on__year=TODAY.year)
        expected_reasons = {
            row["reason__title"]: row
            for row in notifications.values("reason__title").annotate(
                n=Count("pk"), women=Sum("women_affected"), men=Sum("men_affected")
            )
        }
        open_cases = Redundancy.objects.filter(closed_on__isnull=True).count()
        by_activity = WORKERS_BY_ACTIVITY.grid(period)
        by_occupation = WORKERS_BY_OCCUPATION.grid(period)
        by_reason = BY_REASON.grid(period)
        workflow = WORKFLOW.grid(period)
    activity = {label[0]: counts for label, counts, _total in by_activity.rows}
    assert activity == expected_sections == {"I": [13, 5], "F": [1, 22]}
    assert by_activity.total == 41 and [label for _key, label in by_activity.columns] == ["Women", "Men"]
    occupation = {label[0]: counts for label, counts, _total in by_occupation.rows}
    assert occupation == expected_majors
    reasons = {label: counts for label, counts, _total in by_reason.rows}
    for title, row in expected_reasons.items():
        assert reasons[title] == [row["n"], row["women"], row["men"], row["women"] + row["men"]]
    assert reasons["New technology"] == [0, 0, 0, 0]  # every reason is a row
    assert dict(zip([k for k, _l in by_reason.columns], by_reason.column_totals, strict=True)) == {
        "notifications": 3,
        "women": 14,
        "men": 27,
        "workers": 41,
    }
    assert workflow.total == open_cases


def test_demo_redundancies_load_once_at_every_stage(kn):
    with tenant_context(kn):
        employers_demo(kn)
        assert redundancies_demo(kn) == 10
        assert redundancies_demo(kn) == 0
        statuses = set(Redundancy.objects.values_list("status", flat=True))
        assert statuses == {"notified", "under_review", "concluded", "withdrawn"}
        for redundancy in Redundancy.objects.all():
            totals = redundancy.groups.aggregate(women=Sum("women"), men=Sum("men"))
            assert (redundancy.women_affected, redundancy.men_affected) == (totals["women"], totals["men"])
            assert 0 < redundancy.workers_affected <= 40
            assert redundancy.effective_on >= redundancy.notified_on


def test_a_kn_redundancy_is_not_found_at_lc_and_a_disabled_module_answers_404(kn, lc, employer):
    redundancy = _notify(kn, employer, groups=(("9112", 1, 0),))
    with tenant_context(kn):
        group = redundancy.groups.get()
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    for url in (
        f"/redundancies/{redundancy.pk}/",
        f"/redundancies/{redundancy.pk}/groups/new/",
        f"/redundancies/groups/{group.pk}/edit/",
        f"/api/v1/redundancies/{redundancy.pk}/",
        f"/api/v1/redundancies/{redundancy.pk}/groups/",
        f"/api/v1/redundancies/groups/{group.pk}/",
        f"/api/v1/cases/{redundancy.pk}/events/",
    ):
        assert lc_officer.get(url).status_code == 404, url
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get(f"/redundancies/{redundancy.pk}/").status_code == 200
    module_disable(country=kn, key="redundancies", by=None)
    assert 'href="/redundancies/"' not in officer.get("/").content.decode()
    for url in (
        "/redundancies/",
        f"/redundancies/{redundancy.pk}/",
        "/api/v1/redundancies/",
        f"/api/v1/redundancies/{redundancy.pk}/groups/",
        f"/api/v1/cases/{redundancy.pk}/events/",
    ):
        assert officer.get(url).status_code == 404, url
    module_enable(country=kn, key="redundancies", by=None)
    assert officer.get("/redundancies/").status_code == 200


def test_the_api_is_in_the_openapi_schema(kn_client):
    paths = kn_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/redundancies/"])
    assert {"get", "put", "patch"} <= set(paths["/api/v1/redundancies/{id}/"])
    assert {"get", "post"} <= set(paths["/api/v1/redundancies/{id}/groups/"])
    assert {"get", "put", "patch"} <= set(paths["/api/v1/redundancies/groups/{id}/"])
