"""Recording, confirming and reopening department activities: who may do what, and what is refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from clmis.records.locking import StaleEdit
from modules.monitoring.demo import activities_demo
from modules.monitoring.models import Activity
from modules.monitoring.services import activity_confirm, activity_delete, activity_reopen, activity_save
from modules.reference.selectors import code_lookup
from tests.modules.monitoring.helpers import LAST_YEAR, TODAY, record
from tests.support import user_in


def test_an_officer_records_a_draft_but_cannot_confirm_it_a_supervisor_can(kn, draft):
    assert draft.status == "recorded" and draft.recorded_by == "kn:officer"
    assert draft.month == datetime.date(LAST_YEAR, 3, 1)
    with tenant_context(kn):
        with pytest.raises(PermissionDenied):
            activity_confirm(activity=draft, version=draft.version, by=user_in(kn, "officer"))
        draft.refresh_from_db()
        assert draft.status == "recorded" and draft.confirmed_by == "" and draft.version == 1
        confirmed = activity_confirm(activity=draft, version=1, by=user_in(kn, "supervisor"))
        assert confirmed.status == "confirmed" and confirmed.confirmed_by == "kn:supervisor"
        assert confirmed.confirmed_at is not None and confirmed.version == 2
        actors = list(draft.history.order_by("history_date").values_list("actor", "status"))
    assert actors == [("kn:officer", "recorded"), ("kn:supervisor", "confirmed")]


def test_a_confirmed_activity_is_changed_by_a_supervisor_only(kn, draft):
    with tenant_context(kn):
        officer, supervisor = user_in(kn, "officer"), user_in(kn, "supervisor")
        activity_confirm(activity=draft, version=1, by=supervisor)
        with pytest.raises(PermissionDenied):
            activity_save(activity=draft, values={"participants_women": 50}, version=2, by=officer)
        draft.refresh_from_db()
        assert draft.participants_women == 5 and draft.version == 2
        changed = activity_save(activity=draft, values={"participants_women": 6}, version=2, by=supervisor)
        assert changed.participants_women == 6 and changed.status == "confirmed"  # still confirmed


def test_a_supervisor_reopens_with_a_reason_then_the_officer_corrects(kn, draft):
    with tenant_context(kn):
        officer, supervisor = user_in(kn, "officer"), user_in(kn, "supervisor")
        activity_confirm(activity=draft, version=1, by=supervisor)
        with pytest.raises(PermissionDenied):
            activity_reopen(activity=draft, reason="Wrong count", version=2, by=officer)
        with pytest.raises(ValidationError) as no_reason:
            activity_reopen(activity=draft, reason="  ", version=2, by=supervisor)
        assert "reason" in no_reason.value.message_dict
        reopened = activity_reopen(activity=draft, reason="Wrong count", version=2, by=supervisor)
        assert reopened.status == "recorded" and reopened.reopen_reason == "Wrong count"
        assert reopened.confirmed_by == "" and reopened.confirmed_at is None
        corrected = activity_save(activity=draft, values={"participants_men": 4}, version=3, by=officer)
        assert corrected.participants_men == 4 and corrected.version == 4
        with pytest.raises(ValidationError):
            activity_reopen(activity=draft, reason="again", version=4, by=supervisor)  # not confirmed


def test_confirming_twice_or_from_a_stale_read_is_refused(kn, draft):
    with tenant_context(kn):
        officer, supervisor = user_in(kn, "officer"), user_in(kn, "supervisor")
        activity_save(activity=draft, values={"sessions": 3}, version=1, by=officer)
        # The supervisor read version 1; the officer changed the figures since: confirm what you saw.
        with pytest.raises(StaleEdit):
            activity_confirm(activity=draft, version=1, by=supervisor)
        activity_confirm(activity=draft, version=2, by=supervisor)
        with pytest.raises(ValidationError) as twice:
            activity_confirm(activity=draft, version=3, by=supervisor)
        assert "already confirmed" in str(twice.value)


def test_nobody_but_a_supervisor_confirms_not_even_the_system(kn, draft):
    with tenant_context(kn), pytest.raises(PermissionDenied):
        activity_confirm(activity=draft, version=1, by=None)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"participants_women": -1}, "participants_women", "cannot be negative"),
        ({"staff_involved": -2}, "staff_involved", "cannot be negative"),
        ({"sessions": 0}, "sessions", "at least one session"),
        ({"held_on": TODAY + datetime.timedelta(days=1)}, "held_on", "cannot be in the future"),
        (
            {"held_on": None, "month": (TODAY.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)},
            "month",
            "cannot be in the future",
        ),
        ({"held_on": None}, "held_on", "or its month"),
        ({"month": datetime.date(LAST_YEAR, 7, 1)}, "month", "the month of the date"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(kn, values, field, message):
    with tenant_context(kn):
        before = Activity.objects.count()
    with pytest.raises(ValidationError) as refused:
        record(kn, title="Refused", **values)
    assert message in " ".join(refused.value.message_dict[field])
    with tenant_context(kn):
        assert Activity.objects.count() == before


def test_a_code_of_another_table_is_refused(kn):
    with tenant_context(kn), pytest.raises(ValidationError) as refused:
        activity_save(
            values={"activity_type": code_lookup("district", "KN-03"), "title": "X", "held_on": TODAY},
            version=None,
            by=None,
        )
    assert "department_activity" in str(refused.value.message_dict["activity_type"])


def test_the_month_follows_the_date_or_stands_alone(kn):
    series = record(kn, type="MEDIA", held_on=None, month=datetime.date(LAST_YEAR, 2, 17))
    assert series.held_on is None and series.month == datetime.date(LAST_YEAR, 2, 1)
    with tenant_context(kn):
        moved = activity_save(
            activity=series, values={"held_on": datetime.date(LAST_YEAR, 5, 9)}, version=1, by=None
        )
    assert moved.month == datetime.date(LAST_YEAR, 5, 1)


def test_a_draft_can_be_deleted_a_confirmed_activity_cannot(kn, draft):
    with tenant_context(kn):
        supervisor = user_in(kn, "supervisor")
        kept = record(kn, title="Kept")
        activity_confirm(activity=kept, version=1, by=supervisor)
        with pytest.raises(ValidationError):
            activity_delete(activity=kept, by=supervisor)
        pk = draft.pk
        activity_delete(activity=draft, by=user_in(kn, "officer"))
        assert not Activity.objects.filter(pk=pk).exists()
        assert Activity.history.filter(id=pk, history_type="-").get().actor == "kn:officer"


def test_a_country_adds_its_own_activity_type(kn):
    from modules.reference.models import Classification
    from modules.reference.services import national_code_save

    with tenant_context(kn):
        table = Classification.objects.get(key="department_activity")
        assert list(table.codes.order_by("pk").values_list("code", flat=True)) == [
            "VISIT",
            "MEETING",
            "TRAINING",
            "OUTREACH",
            "MEDIA",
            "OTHER",
        ]
        national_code_save(table=table, code="FAIR", title="Job fair", by=None)
    fair = record(kn, type="FAIR", title="Basseterre job fair")
    assert fair.activity_type.title == "Job fair"


def test_demo_activities_load_once_with_every_state(kn, sr):
    with tenant_context(kn):
        added = activities_demo(kn)
        assert 24 * 2 <= added <= 24 * 4 and activities_demo(kn) == 0
        activities = Activity.objects.filter(description="Demo activity.")
        assert activities.count() == added
        months = sorted({activity.month for activity in activities})
        assert len(months) == 24 and months[-1] == TODAY.replace(day=1)
        this_month = activities.filter(month=TODAY.replace(day=1))
        assert this_month.exists() and not this_month.filter(status="confirmed").exists()
        reopened = activities.exclude(reopen_reason="").get()
        assert reopened.status == "recorded" and reopened.history.count() == 3
        assert activities.filter(status="confirmed").count() == added - this_month.count() - 1
        assert not activities.filter(held_on__gt=TODAY).exists()
        assert activities.filter(recorded_by="kn:officer").count() == added
    with tenant_context(sr):
        assert activities_demo(sr) > 0
        assert (
            Activity.objects.filter(title__startswith="Radioprogramma").exists()
            or Activity.objects.filter(title__startswith="Voorlichting").exists()
        )
