"""Finding codes: by words of their titles and examples, by code; the picker's endpoint; the form field."""

import pytest
from django import forms
from django_tenants.utils import tenant_context

from modules.reference.fields import CodeField
from modules.reference.selectors import codes_matching


def test_nurse_finds_the_nursing_unit_groups_first(kn):
    with tenant_context(kn):
        found = [code.code for code in codes_matching("isco08", "nurse", level=4)]
    assert found[:2] == ["2221", "3221"]


def test_a_code_prefix_finds_the_codes_under_it_exact_code_first(kn):
    with tenant_context(kn):
        found = [code.code for code in codes_matching("isco08", "222")]
    assert found[0] == "222"
    assert {"2221", "2222"} <= set(found)


def test_a_code_prefix_finds_only_the_codes_under_it(kn):
    with tenant_context(kn):
        found = [code.code for code in codes_matching("isco08", "222")]
    assert set(found) == {"222", "2221", "2222"}


def test_every_word_must_match(kn):
    with tenant_context(kn):
        assert not codes_matching("isic4", "bakery zebra").exists()
        assert "1071" in {code.code for code in codes_matching("isic4", "bakery products")}


def test_the_picker_endpoint_answers_json(kn, officer_client):
    response = officer_client.get("/tables/isco08/search/", {"q": "nurse", "level": "4"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0] == {"code": "2221", "title": "Nursing Professionals", "path": "2/22/222/2221"}
    assert [result["code"] for result in results[:2]] == ["2221", "3221"]
    assert len(results) <= 20


def test_the_picker_endpoint_needs_a_signed_in_user(kn_client):
    response = kn_client.get("/tables/isco08/search/", {"q": "nurse"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


class OccupationForm(forms.Form):
    occupation = CodeField("isco08", level=4)


def test_code_field_accepts_a_code_and_returns_it(kn):
    with tenant_context(kn):
        form = OccupationForm({"occupation": "2221"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["occupation"].title == "Nursing Professionals"


def test_code_field_accepts_a_code_followed_by_its_title(kn):
    with tenant_context(kn):
        form = OccupationForm({"occupation": "3221 Nursing Associate Professionals"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["occupation"].code == "3221"


@pytest.mark.parametrize(
    ("value", "suggested"),
    [
        ("2229", "2221 Nursing Professionals"),  # unknown: closest codes by prefix
        ("222", "2221 Nursing Professionals"),  # exists, but not a unit group (level 4)
        ("nurse", "2221 Nursing Professionals"),  # words are not a code: offered the matching ones
    ],
)
def test_code_field_refuses_what_is_not_a_code_with_suggestions(kn, value, suggested):
    with tenant_context(kn):
        form = OccupationForm({"occupation": value})
        assert not form.is_valid()
    message = form.errors["occupation"][0]
    assert message.startswith(f"{value} is not a code of ISCO-08.")
    assert "Did you mean:" in message and suggested in message


def test_the_picker_widget_points_at_the_search_and_shows_the_title(kn):
    with tenant_context(kn):
        html = str(OccupationForm(initial={"occupation": "2221"})["occupation"])
    assert 'data-codes-url="/tables/isco08/search/?level=4"' in html
    assert "Nursing Professionals" in html
