"""A country's settings for its cases, by its LMIS administrator: the wording of its letters (from the
shipped one, previewed on a real case, saved, given up for the shipped one again) and the patterns of
its numbers; refusals that save nothing; who may; audit; isolation between countries."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django.template import Context
from django.template.loader import get_template
from django.utils import translation
from django_tenants.utils import tenant_context

from modules.casework.letters import SAFE_ENGINE, letter_shipped, letter_template_check, letter_variables
from modules.casework.models import Letter, LetterTemplate, NumberingRule
from modules.casework.numbering import numbers_next
from modules.casework.selectors import letters_offered
from modules.casework.services import case_open, letter_issue, numbering_rule_save
from modules.complaints.models import Complaint
from modules.registry import module_keys
from tests.casework_app.models import Grievance
from tests.support import client_for, sign_in, user_in

ACKNOWLEDGMENT = "/settings/letters/grievances/acknowledgment/en/"
ACKNOWLEDGMENT_API = "/api/v1/settings/letters/grievances/acknowledgment/en/"
WORDING = {"subject": "Grievance {{ reference }}", "body": "<p>Dear {{ complainant }}, we have it.</p>"}


@pytest.fixture
def admin(kn):
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    return sign_in(client_for("kn.localhost"), kn, "lmis_admin")


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


def _open(country, complainant="Ann Liburd", **values) -> Grievance:
    with tenant_context(country):
        return case_open(
            case=Grievance(), values={"complainant": complainant, **values}, by=user_in(country, "officer")
        )


def _issue(officer, case) -> Letter:
    issued = officer.post(
        f"/api/v1/cases/{case.pk}/letters/",
        {"key": "grievances/acknowledgment", "language": "en"},
        content_type="application/json",
    )
    assert issued.status_code == 201, issued.content.decode()
    return Letter.objects.get(pk=issued.json()["id"])


def _wordings(country) -> list[tuple[str, str, str, str]]:
    with tenant_context(country):
        return list(LetterTemplate.objects.values_list("key", "language", "subject", "body"))


# --- letters: the pages ------------------------------------------------------------------------------


def test_the_administrator_rewords_a_letter_after_previewing_it_and_letters_issued_use_it(admin, officer, kn):
    case = _open(kn)
    listed = admin.get("/settings/letters/").content.decode()
    assert "Acknowledgment" in listed and "Case status statement" in listed and "Shipped" in listed
    assert f'href="{ACKNOWLEDGMENT}"' in listed

    page = admin.get(ACKNOWLEDGMENT)
    shipped = page.context["form"].initial
    # The shipped wording without its translation tags, ready to change, with the values it uses.
    assert "{{ complainant }}" in shipped["body"] and "{% " not in shipped["body"]
    assert shipped["subject"] == "Acknowledgment of grievance {{ reference }}"
    assert "complainant" in page.context["values"] and "amount_claimed" in page.context["values"]

    preview = admin.post(ACKNOWLEDGMENT, {**WORDING, "case": case.reference, "action": "preview"})
    assert preview.status_code == 200
    shown = preview.content.decode()
    assert f"Preview on case {case.reference}" in shown and "Dear Ann Liburd, we have it." in shown
    assert preview.context["preview"].letter.subject == f"Grievance {case.reference}"
    assert _wordings(kn) == []  # a preview saves nothing

    saved = admin.post(ACKNOWLEDGMENT, {**WORDING, "action": "save"})
    assert saved.status_code == 302 and saved["Location"] == "/settings/letters/"
    assert _wordings(kn) == [("grievances/acknowledgment", "en", WORDING["subject"], WORDING["body"])]
    with tenant_context(kn):
        assert LetterTemplate.history.get().actor == "kn:lmis_admin"
    assert "<strong>The country's own</strong>" in admin.get("/settings/letters/").content.decode()

    letter = _issue(officer, case)
    assert letter.subject == f"Grievance {case.reference}"
    assert letter.html == "<p>Dear Ann Liburd, we have it.</p>"


def test_a_preview_is_of_a_recent_case_by_default_or_of_the_one_asked_for(admin, kn):
    older = _open(kn, complainant="Cavel Mills", opened_on=datetime.date(2025, 3, 1))
    _open(kn, complainant="Ann Liburd")
    latest = admin.post(ACKNOWLEDGMENT, {**WORDING, "action": "preview"})
    assert "Dear Ann Liburd" in latest.content.decode()
    asked = admin.post(ACKNOWLEDGMENT, {**WORDING, "case": older.reference, "action": "preview"})
    assert "Dear Cavel Mills" in asked.content.decode()
    unknown = admin.post(ACKNOWLEDGMENT, {**WORDING, "case": "99999/1999", "action": "preview"})
    assert unknown.context["form"].errors["case"] == [
        "There is no case 99999/1999 that can have this letter and that you may see."
    ]


@pytest.mark.parametrize(
    ("body", "refusal"),
    [
        ("<p>{% if %}</p>", "cannot be read as a template"),
        ("<p>{% include 'clmis/base.html' %}</p>", "{% include %} cannot be used in a letter"),
        ("{% load static %}<p>{{ reference }}</p>", "{% load %} cannot be used in a letter"),
        ("<p>{{ complainer }}</p>", "{{ complainer }} is not a value of this letter"),
        ("{% if settled_on %}<p>{{ reference }}</p>{% endif %}", "{{ settled_on }} is not a value"),
        ("{% for event in events %}{{ event.text }}{{ remark }}{% endfor %}", "{{ remark }} is not a value"),
        ("<p>{{ reference|default:nobody }}</p>", "{{ nobody }} is not a value"),
        ("{% with who=claimant %}{{ who }}{% endwith %}", "{{ claimant }} is not a value"),
    ],
)
def test_wording_that_does_not_parse_reaches_beyond_the_case_or_names_an_unknown_value_is_refused(
    admin, kn, body, refusal
):
    _open(kn)
    for action in ("preview", "save"):
        refused = admin.post(ACKNOWLEDGMENT, {**WORDING, "body": body, "action": action})
        assert refused.status_code == 200
        assert refusal in refused.context["form"].errors["body"][0]
        assert refused.context["preview"] is None
    api = admin.put(ACKNOWLEDGMENT_API, {**WORDING, "body": body}, content_type="application/json")
    assert api.status_code == 400 and refusal in api.json()["errors"]["body"][0]
    assert _wordings(kn) == []


def test_loop_variables_attributes_and_the_names_a_wording_gives_itself_are_known(kn):
    wording = (
        "{% for event in events %}{{ forloop.counter }}. {{ event.at|date:'j F Y' }} {{ event.text }}"
        "{% empty %}{{ reference }}{% endfor %}{{ events.0.text }}{% with who=complainant|upper %}{{ who }}"
        "{% endwith %}{% firstof officer 'the Department' as signer %}{{ signer }}{% if amount_claimed > 0 %}"
        "{{ amount_claimed|floatformat:2 }}{% elif True %}{{ today }}{% endif %}{{ country }}"
    )
    assert letter_variables(wording) == {
        "events",
        "reference",
        "complainant",
        "officer",
        "amount_claimed",
        "today",
        "country",
    }
    # A loop variable is known inside its loop only.
    assert letter_variables("{% for event in events %}{% endfor %}{{ event.text }}") == {"events", "event"}


def test_a_wording_saved_before_the_check_is_refused_when_a_letter_is_issued(officer, kn):
    case = _open(kn)
    with tenant_context(kn):
        LetterTemplate.objects.create(
            key="grievances/acknowledgment", language="en", subject="Grievance", body="<p>{{ claimant }}</p>"
        )
        with pytest.raises(ValidationError, match="claimant"):
            letter_issue(case=case, key="grievances/acknowledgment", language="en", by=user_in(kn, "officer"))
    page = officer.post(
        f"/cases/{case.pk}/letters/", {"key": "grievances/acknowledgment", "language": "en"}, follow=True
    )
    assert page.status_code == 200 and "{{ claimant }} is not a value of this letter" in page.content.decode()
    with tenant_context(kn):
        assert not case.letters.exists()


def test_going_back_to_the_shipped_wording_is_audited_and_letters_use_it_again(admin, officer, kn):
    case = _open(kn)
    admin.post(ACKNOWLEDGMENT, {**WORDING, "action": "save"})
    page = admin.get(ACKNOWLEDGMENT).content.decode()
    assert 'value="shipped"' in page and "Go back to the shipped wording" in page
    back = admin.post(ACKNOWLEDGMENT, {"action": "shipped"})
    assert back.status_code == 302 and _wordings(kn) == []
    with tenant_context(kn):
        kinds = list(LetterTemplate.history.order_by("history_date").values_list("history_type", "actor"))
    assert kinds == [("+", "kn:lmis_admin"), ("-", "kn:lmis_admin")]
    history = admin.get(ACKNOWLEDGMENT).context["history"]
    assert [entry.kind for entry in history] == ["deleted", "created"]
    assert _issue(officer, case).subject == f"Acknowledgment of grievance {case.reference}"


def test_the_shipped_wording_in_another_language_renders_as_the_shipped_template(kn):
    case = _open(kn)
    with tenant_context(kn), translation.override("fr"):
        shipped = letter_shipped("casework/statement", "fr")
        context = {**case.letter_context(), "today": datetime.date(2026, 5, 4), "country": kn.name}
        expected = get_template("letters/casework/statement.html").render(context).strip()
        assert SAFE_ENGINE.from_string(shipped.html).render(Context(context)).strip() == expected
    assert shipped.subject == "État du dossier {{ reference }}"


@pytest.mark.parametrize("language", ["en", "nl", "es", "fr"])
def test_every_shipped_letter_can_be_a_countrys_wording_with_its_plurals(language):
    for letter in letters_offered(module_keys()):
        shipped = letter_shipped(letter.key, language)
        letter_template_check(shipped.subject)
        letter_template_check(shipped.html)
    settlement = letter_shipped("disputes/settlement", language)
    with translation.override(language):
        for workers in (0, 1, 2, 7):
            context = {"workers_involved": workers, "workers": "Union"}
            expected = get_template("letters/disputes/settlement.html").render(context).strip()
            assert SAFE_ENGINE.from_string(settlement.html).render(Context(context)).strip() == expected


def test_only_those_holding_the_permissions_see_the_letter_and_numbering_settings(admin, officer, kn):
    for url in ("/settings/letters/", ACKNOWLEDGMENT, "/settings/numbering/", "/api/v1/settings/letters/"):
        assert officer.get(url).status_code == 403, url
    assert officer.post(ACKNOWLEDGMENT, {**WORDING, "action": "save"}).status_code == 403
    assert officer.put(ACKNOWLEDGMENT_API, WORDING, content_type="application/json").status_code == 403
    assert officer.delete(ACKNOWLEDGMENT_API).status_code == 403
    assert officer.get("/api/v1/settings/numbering/").status_code == 403
    assert _wordings(kn) == []
    settings = admin.get("/settings/").content.decode()
    assert 'href="/settings/letters/"' in settings and 'href="/settings/numbering/"' in settings
    assert officer.get("/settings/").status_code == 403
    # The pages replace the admin's forms.
    assert admin.get("/admin/casework/lettertemplate/").status_code == 404


def test_a_countrys_wording_is_its_own(admin, kn, lc):
    admin.post(ACKNOWLEDGMENT, {**WORDING, "action": "save"})
    lc_case = _open(lc, complainant="Marcia Joseph")
    with tenant_context(lc):
        letter = letter_issue(
            case=lc_case, key="grievances/acknowledgment", language="en", by=user_in(lc, "officer")
        )
    assert letter.subject == f"Acknowledgment of grievance {lc_case.reference}" and _wordings(lc) == []
    with tenant_context(lc):
        TOTP.activate(user_in(lc, "lmis_admin"), generate_totp_secret())
    lc_admin = sign_in(client_for("lc.localhost"), lc, "lmis_admin")
    assert lc_admin.get(ACKNOWLEDGMENT_API).json()["wording"] == "shipped"


def test_an_unknown_letter_or_language_answers_404(admin, kn):
    assert admin.get("/settings/letters/grievances/nothing/en/").status_code == 404
    assert admin.get("/settings/letters/grievances/acknowledgment/xx/").status_code == 404
    assert admin.get("/api/v1/settings/letters/grievances/acknowledgment/xx/").status_code == 404


# --- letters: the API --------------------------------------------------------------------------------


def test_the_api_lists_reads_previews_sets_and_gives_up_a_wording(admin, officer, kn):
    case = _open(kn)
    listed = admin.get("/api/v1/settings/letters/?page_size=200").json()
    rows = {(row["key"], row["language"]): row["wording"] for row in listed["results"]}
    assert rows[("grievances/acknowledgment", "nl")] == "shipped" and ("casework/statement", "fr") in rows

    shipped = admin.get(ACKNOWLEDGMENT_API).json()
    assert shipped["wording"] == "shipped" and "{{ complainant }}" in shipped["body"]
    assert {"complainant", "reference", "today", "country"} <= set(shipped["values"])

    preview = admin.post(
        f"{ACKNOWLEDGMENT_API}preview/", {**WORDING, "case": case.pk}, content_type="application/json"
    )
    assert preview.status_code == 200
    assert preview.json() == {
        "case": {"id": case.pk, "reference": case.reference},
        "subject": f"Grievance {case.reference}",
        "html": "<p>Dear Ann Liburd, we have it.</p>",
    }
    refused = admin.post(
        f"{ACKNOWLEDGMENT_API}preview/", {**WORDING, "subject": "{{ nope }}"}, content_type="application/json"
    )
    assert refused.status_code == 400 and "{{ nope }}" in refused.json()["errors"]["subject"][0]
    assert _wordings(kn) == []

    saved = admin.put(ACKNOWLEDGMENT_API, WORDING, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["wording"] == "country"
    assert saved.json()["body"] == WORDING["body"]
    assert _issue(officer, case).html == "<p>Dear Ann Liburd, we have it.</p>"
    assert admin.delete(ACKNOWLEDGMENT_API).status_code == 204
    assert admin.get(ACKNOWLEDGMENT_API).json()["wording"] == "shipped" and _wordings(kn) == []
    with tenant_context(kn):
        assert set(LetterTemplate.history.values_list("actor", flat=True)) == {"kn:lmis_admin"}


def test_the_settings_endpoints_are_in_the_openapi_schema(admin):
    paths = admin.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert "/api/v1/settings/letters/{key}/{language}/preview/" in paths
    assert {"get", "put", "delete"} <= set(paths["/api/v1/settings/letters/{key}/{language}/"])
    assert {"get", "put", "delete"} <= set(paths["/api/v1/settings/numbering/{key}/"])


# --- numbering ---------------------------------------------------------------------------------------


def test_the_administrator_sets_a_pattern_with_an_example_and_new_cases_follow_it(admin, kn):
    with tenant_context(kn):
        example = numbers_next([(Grievance.numberings()[0], "{seq:05}/{yyyy}")], on=datetime.date.today())[0]
    listed = admin.get("/settings/numbering/").content.decode()
    assert "References of grievances" in listed and "{seq:05}/{yyyy}" in listed and example in listed
    assert "Work permit numbers" in listed  # a second numbering of a case type

    page = admin.get("/settings/numbering/grievances.grievance/")
    assert page.status_code == 200 and page.context["form"].initial == {"pattern": "{seq:05}/{yyyy}"}
    refused = admin.post(
        "/settings/numbering/grievances.grievance/", {"pattern": "{seq}{seq}", "action": "save"}
    )
    assert refused.status_code == 200 and "exactly one {seq}" in refused.context["form"].errors["pattern"][0]
    saved = admin.post(
        "/settings/numbering/grievances.grievance/", {"pattern": "{TYPE}/{yy}/{seq:03}", "action": "save"}
    )
    assert saved.status_code == 302
    today = datetime.date.today()
    assert _open(kn).reference == f"GRV/{today:%y}/001"
    with tenant_context(kn):
        assert NumberingRule.history.get().actor == "kn:lmis_admin"
    assert f"GRV/{today:%y}/002" in admin.get("/settings/numbering/").content.decode()

    back = admin.post("/settings/numbering/grievances.grievance/", {"action": "default"})
    assert back.status_code == 302
    with tenant_context(kn):
        assert not NumberingRule.objects.exists()
    assert _open(kn).reference.endswith(f"/{today:%Y}")


def test_a_pattern_that_would_give_a_number_again_is_refused(admin, kn):
    first = _open(kn)  # 00001/<year> by the default pattern
    refused = admin.post(
        "/settings/numbering/grievances.grievance/", {"pattern": "0{seq:04}/{yyyy}", "action": "save"}
    )
    # Its counter restarts (the rest of the number changed) and its next number is the one given already.
    message = refused.context["form"].errors["pattern"][0]
    assert f"the number {first.reference}, given already, would be given again" in message
    api = admin.put(
        "/api/v1/settings/numbering/grievances.grievance/",
        {"pattern": "0{seq:04}/{yyyy}"},
        content_type="application/json",
    )
    assert api.status_code == 400 and first.reference in api.json()["errors"]["pattern"][0]
    with tenant_context(kn):
        assert not NumberingRule.objects.exists()
    # The same counter goes on when only the padding changes: no number is given twice.
    with tenant_context(kn):
        numbering_rule_save(numbering=Grievance.numberings()[0], pattern="{seq}/{yyyy}", by=None)
    assert _open(kn).reference == f"2/{datetime.date.today():%Y}"


def test_a_pattern_that_would_give_another_kind_of_cases_numbers_is_refused(admin, kn):
    refused = admin.put(
        "/api/v1/settings/numbering/complaints.complaint/",
        {"pattern": "{seq}/{yyyy}"},
        content_type="application/json",
    )
    # Grievances are numbered {seq:05}/{yyyy}: from 10000 on both would give the same references.
    assert refused.status_code == 400
    assert (
        "as the references of grievances, numbered {seq:05}/{yyyy}" in refused.json()["errors"]["pattern"][0]
    )
    made = admin.put(
        "/api/v1/settings/numbering/complaints.complaint/",
        {"pattern": "{TYPE}{seq:04}-{yy}"},
        content_type="application/json",
    )
    assert made.status_code == 200
    assert made.json() | {"next_number": ""} == {
        "key": "complaints.complaint",
        "label": "references of complaints",
        "pattern": "{TYPE}{seq:04}-{yy}",
        "default_pattern": Complaint.default_pattern,
        "own": True,
        "next_number": "",
    }
    assert made.json()["next_number"] == f"CMP0001-{datetime.date.today():%y}"
    listed = {row["key"]: row for row in admin.get("/api/v1/settings/numbering/").json()["results"]}
    assert listed["complaints.complaint"]["own"] and not listed["grievances.grievance"]["own"]
    assert admin.delete("/api/v1/settings/numbering/complaints.complaint/").status_code == 204
    assert admin.get("/api/v1/settings/numbering/complaints.complaint/").json()["own"] is False


def test_a_countrys_patterns_are_its_own(admin, kn, lc):
    admin.post("/settings/numbering/grievances.grievance/", {"pattern": "KN-{seq}", "action": "save"})
    assert _open(kn).reference == "KN-1"
    assert _open(lc).reference == f"00001/{datetime.date.today():%Y}"
    assert admin.get("/settings/numbering/nothing.here/").status_code == 404
