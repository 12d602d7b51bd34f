"""Vetting of indicator values: submitted values approved (public from their embargo, to the minute) or
rejected with a reason; a published value computed anew becomes a revision waiting for approval."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.complaints.services import complaint_open
from modules.employers.services import employer_save
from modules.indicators.computing import indicators_compute
from modules.indicators.models import Observation
from modules.indicators.selectors import observations_public, public_value
from modules.indicators.services import observations_approve, observations_reject
from modules.reference.selectors import code_lookup
from modules.reports.periods import period_parse
from tests.support import user_in

PERIOD = period_parse("2026-Q1")


@pytest.fixture
def computed(kn):
    """The first quarter's complaints received, computed: values waiting for approval."""
    with tenant_context(kn):
        employer = employer_save(values={"name": "Frigate Bay Resort"}, version=None, by=None)
        for sex in ("F", "M"):
            complaint_open(
                values={
                    "complainant_name": "Worker",
                    "complainant_sex": sex,
                    "employer": employer,
                    "category": code_lookup("complaint_category", "WAGES"),
                    "opened_on": datetime.date(2026, 2, 2),
                },
                by=None,
            )
        indicators_compute(PERIOD, modules=["complaints"], codes=["CMP_RECV_SEX_CAT_NB"])
        return Observation.objects.filter(indicator__code="CMP_RECV_SEX_CAT_NB", period=PERIOD.text)


def test_computed_values_wait_for_approval_and_are_public_only_from_their_embargo(kn, computed):
    with tenant_context(kn):
        assert set(computed.values_list("state", flat=True)) == {"submitted"}
        assert not observations_public().filter(pk__in=computed).exists()
        at = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(minutes=10)
        admin = user_in(kn, "lmis_admin")
        assert observations_approve(observations=computed, publish_at=at, by=admin) == computed.count()
        approved = computed.first()
        assert (approved.state, approved.decided_by) == ("approved", "kn:lmis_admin")
        public = observations_public
        assert not public(at - datetime.timedelta(minutes=1)).filter(pk__in=computed).exists()
        assert public(at).filter(pk__in=computed).count() == computed.count()
        with pytest.raises(ValidationError):  # already decided: nothing changes
            observations_reject(observations=computed, reason="Wrong", by=admin)
        assert set(computed.values_list("state", flat=True)) == {"approved"}


def test_rejection_needs_a_reason(kn, computed):
    with tenant_context(kn):
        admin = user_in(kn, "lmis_admin")
        with pytest.raises(ValidationError):
            observations_reject(observations=computed, reason=" ", by=admin)
        observations_reject(observations=computed, reason="The category codes changed in March.", by=admin)
        assert set(computed.values_list("rejection_reason", flat=True)) == {
            "The category codes changed in March."
        }


def test_a_published_value_computed_anew_is_a_revision_waiting_for_approval(kn, computed):
    with tenant_context(kn):
        observations_approve(observations=computed, by=user_in(kn, "lmis_admin"))
        total = computed.get(key="")
        complaint_open(
            values={
                "complainant_name": "Late entry",
                "complainant_sex": "F",
                "employer": employer_save(values={"name": "Ocean Terrace Inn"}, version=None, by=None),
                "category": code_lookup("complaint_category", "WAGES"),
                "opened_on": datetime.date(2026, 3, 3),
            },
            by=None,
        )
        indicators_compute(PERIOD, modules=["complaints"], codes=["CMP_RECV_SEX_CAT_NB"])
        revised = Observation.objects.get(pk=total.pk)
        assert revised.value == total.value + 1 and revised.previous_value == total.value
        assert revised.state == "submitted" and revised.revised
        # While the revision waits, the public still sees the value published before.
        pending = observations_public().get(pk=revised.pk)
        assert public_value(pending) == total.value
        observations_approve(
            observations=Observation.objects.filter(pk=revised.pk), by=user_in(kn, "lmis_admin")
        )
        assert public_value(observations_public().get(pk=revised.pk)) == total.value + 1
