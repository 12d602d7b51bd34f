"""The code-table pages: everyone signed in reads; the LMIS administrator maintains national tables."""

import pytest
from django_tenants.utils import tenant_context

from modules.reference.models import Classification, Code
from tests.support import client_for, sign_in


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _history(kn, key: str, code: str) -> list[tuple[str, str]]:
    with tenant_context(kn):
        entry = Code.objects.get(classification__key=key, code=code)
        return [(record.history_type, record.actor) for record in entry.history.all()]


# Reading


def test_the_table_list_links_every_table_with_its_size(officer_client):
    page = _page(officer_client.get("/tables/"))
    assert '<a href="/tables/isco08/">ISCO-08</a>' in page
    assert '<a href="/tables/isic4/">ISIC Rev.4</a>' in page
    assert "<td>619</td>" in page and "<td>766</td>" in page and "<td>249</td>" in page
    assert "New national table" not in page


def test_the_administrator_is_offered_a_new_table(admin_client):
    assert 'href="/tables/new/"' in _page(admin_client.get("/tables/"))


def test_signed_out_visitors_are_sent_to_sign_in(kn_client):
    for url in ("/tables/", "/tables/isco08/", "/tables/isco08/codes/2221/"):
        response = kn_client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_an_international_table_pages_by_50_and_says_it_is_read_only(admin_client):
    page = _page(admin_client.get("/tables/isic4/"))
    assert "766 codes" in page
    assert "is read-only" in page
    assert "Add a code" not in page and "/edit/" not in page
    assert page.count('<th scope="row">') == 50
    assert "Page 1 of 16" in page
    last = _page(admin_client.get("/tables/isic4/?page=16"))
    assert last.count('<th scope="row">') == 766 - 15 * 50


def test_a_table_is_searched_and_filtered_by_level(officer_client):
    page = _page(officer_client.get("/tables/isco08/", {"q": "nurse", "level": "4"}))
    assert page.index("/tables/isco08/codes/2221/") < page.index("/tables/isco08/codes/3221/")
    assert "/tables/isco08/codes/22/" not in page
    majors = _page(officer_client.get("/tables/isco08/", {"level": "1"}))
    assert "10 codes" in majors
    assert "<code>2/22/222/2221</code>" in _page(officer_client.get("/tables/isco08/", {"q": "2221"}))
    nothing = _page(officer_client.get("/tables/isco08/", {"q": "zebra keeper on mars"}))
    assert "No code matches this search." in nothing


def test_an_unknown_table_is_404(officer_client):
    assert officer_client.get("/tables/nothing/").status_code == 404
    assert officer_client.get("/tables/isco08/codes/9999/").status_code == 404


def test_a_code_shows_its_place_in_the_tree(officer_client):
    page = _page(officer_client.get("/tables/isic4/codes/107/"))
    for ancestor in ("C", "10"):
        assert f'href="/tables/isic4/codes/{ancestor}/"' in page
    assert 'href="/tables/isic4/codes/1071/"' in page  # a child
    assert "<code>C/10/107</code>" in page
    assert "Manufacture of other food products" in page
    assert "No history yet." in page  # loaded from the shipped file, never edited


# Maintaining national tables


def test_the_administrator_creates_a_national_table(kn, admin_client):
    assert 'value="isco08"' in _page(admin_client.get("/tables/new/"))
    response = admin_client.post(
        "/tables/new/", {"key": "kn-occupations", "title": "KN occupations", "maps_to": "isco08"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/tables/kn-occupations/"
    page = _page(response)
    assert "The table KN occupations is ready for its codes." in page
    assert 'href="/tables/kn-occupations/codes/new/"' in page
    with tenant_context(kn):
        table = Classification.objects.get(key="kn-occupations")
        assert (table.kind, table.maps_to) == (Classification.Kind.NATIONAL, "isco08")
        assert [(r.history_type, r.actor) for r in table.history.all()] == [("+", "kn:lmis_admin")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"key": "isco08", "title": "Mine"}, "A table with the key isco08 already exists."),
        ({"key": "new", "title": "New"}, "new cannot be used as a key."),
        ({"key": "two words", "title": "Bad"}, "Enter a valid “slug”"),
        ({"key": "kn-x", "title": "X", "maps_to": "nothing"}, "Select a valid choice."),
        ({"key": "kn-x", "title": ""}, "This field is required."),
    ],
)
def test_a_refused_table_is_explained_and_nothing_saved(kn, admin_client, data, message):
    with tenant_context(kn):
        before = Classification.objects.count()
    page = _page(admin_client.post("/tables/new/", data))
    assert message in page
    with tenant_context(kn):
        assert Classification.objects.count() == before


def test_the_administrator_adds_and_edits_codes_with_history(kn, admin_client, occupations):
    form = _page(admin_client.get("/tables/kn-occupations/codes/new/"))
    assert 'data-codes-url="/tables/isco08/search/"' in form  # the harmonised code's picker
    assert 'data-codes-url="/tables/kn-occupations/search/"' in form  # the parent's picker
    assert "reference/picker.js" in form
    response = admin_client.post(
        "/tables/kn-occupations/codes/new/",
        {
            "code": "3221-01",
            "title": "Nursing aide",
            "parent": "22",
            "harmonised_code": "3221",
            "active": "on",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/tables/kn-occupations/codes/3221-01/"
    page = _page(response)
    assert "3221-01 Nursing aide is added." in page
    assert 'href="/tables/isco08/codes/3221/"' in page  # the harmonised code, linked
    assert "kn:lmis_admin" in page

    response = admin_client.post(
        "/tables/kn-occupations/codes/3221-01/edit/",
        {"code": "3221-01", "title": "Nursing assistant", "parent": "2221", "harmonised_code": "3221"},
        follow=True,
    )
    page = _page(response)
    assert "3221-01 Nursing assistant is saved." in page
    assert "Nursing aide → Nursing assistant" in page
    with tenant_context(kn):
        code = Code.objects.get(classification=occupations, code="3221-01")
        assert (code.path, code.level, code.active) == ("22/2221/3221-01", 3, False)
    assert _history(kn, "kn-occupations", "3221-01") == [("~", "kn:lmis_admin"), ("+", "kn:lmis_admin")]


def test_the_edit_form_is_filled_in_and_moving_a_code_moves_its_children(kn, admin_client, occupations):
    form = _page(admin_client.get("/tables/kn-occupations/codes/2221/edit/"))
    assert 'name="code" value="2221"' in form and 'name="parent" value="22"' in form
    admin_client.post(
        "/tables/kn-occupations/codes/2221/edit/",
        {"code": "2221", "title": "Nurse", "parent": "", "harmonised_code": "2221", "active": "on"},
    )
    with tenant_context(kn):
        ward = Code.objects.get(classification=occupations, code="2221-01")
        assert (ward.path, ward.level) == ("2221/2221-01", 2)


def test_the_table_page_offers_adding_and_editing_national_codes(admin_client, occupations):
    page = _page(admin_client.get("/tables/kn-occupations/"))
    assert 'href="/tables/kn-occupations/codes/new/"' in page
    assert 'href="/tables/kn-occupations/codes/2221-01/edit/"' in page
    assert "<code>22/2221/2221-01</code>" in page
    assert "is read-only" not in page


@pytest.mark.parametrize(
    ("url", "data", "field", "message"),
    [
        ("codes/new/", {"code": "2221", "title": "Twice"}, "code", "2221 is already in this table."),
        (
            "codes/new/",
            {"code": "2222", "title": "Midwife", "parent": "23"},
            "parent",
            "23 is not a code of KN occupations. Did you mean: 22 Health professionals;",
        ),
        (
            "codes/new/",
            {"code": "2222", "title": "Midwife", "parent": "22", "harmonised_code": "2229"},
            "harmonised_code",
            "2229 is not a code of ISCO-08. Did you mean: 222 Nursing and Midwifery Professionals",
        ),
        (
            "codes/2221/edit/",
            {"code": "2221", "title": "Nurse", "parent": "2221-01"},
            "parent",
            "A code cannot be placed under itself or under one of its own codes.",
        ),
        (
            "codes/22/edit/",
            {"code": "22", "title": "Health", "parent": "22"},
            "parent",
            "A code cannot be placed under itself or under one of its own codes.",
        ),
        ("codes/new/", {"code": "new", "title": "New"}, "code", "new cannot be used as a code."),
        ("codes/new/", {"code": "22/1", "title": "Slash"}, "code", "A code has letters and digits"),
    ],
)
def test_a_refused_code_is_explained_and_nothing_changes(
    kn, admin_client, occupations, url, data, field, message
):
    with tenant_context(kn):
        before = list(Code.objects.filter(classification=occupations).values_list("code", "title", "path"))
        histories = Code.history.count()
    response = admin_client.post(f"/tables/kn-occupations/{url}", {"active": "on", **data})
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert 'class="field invalid"' in _page(response)
    with tenant_context(kn):
        after = list(Code.objects.filter(classification=occupations).values_list("code", "title", "path"))
        assert after == before and Code.history.count() == histories


def test_international_tables_cannot_be_edited_even_by_the_administrator(kn, admin_client):
    response = admin_client.post("/tables/isco08/codes/new/", {"code": "9999", "title": "Mine"}, follow=True)
    assert response.redirect_chain[-1][0] == "/tables/isco08/"
    assert "ISCO-08 is shipped with the platform and cannot be edited here." in _page(response)
    admin_client.post("/tables/isco08/codes/2221/edit/", {"code": "2221", "title": "Changed"})
    with tenant_context(kn):
        assert not Code.objects.filter(classification__key="isco08", code="9999").exists()
        assert Code.objects.get(classification__key="isco08", code="2221").title == "Nursing Professionals"


# Who may do what, and where


def test_an_officer_reads_but_may_not_write(kn, officer_client, occupations):
    assert _page(officer_client.get("/tables/kn-occupations/"))
    page = _page(officer_client.get("/tables/kn-occupations/codes/2221/"))
    assert "/edit/" not in page and "Add a code" not in page
    for url in (
        "/tables/new/",
        "/tables/kn-occupations/codes/new/",
        "/tables/kn-occupations/codes/2221/edit/",
    ):
        assert officer_client.get(url).status_code == 403, url
    assert officer_client.post("/tables/new/", {"key": "mine", "title": "Mine"}).status_code == 403
    refused = officer_client.post(
        "/tables/kn-occupations/codes/2221/edit/", {"code": "2221", "title": "Changed"}
    )
    assert refused.status_code == 403
    assert "Your role does not allow this." in refused.content.decode()
    with tenant_context(kn):
        assert not Classification.objects.filter(key="mine").exists()
        assert Code.objects.get(classification=occupations, code="2221").title == "Nurse"


def test_a_kn_code_is_unknown_in_lc(kn, lc, occupations):
    client = sign_in(client_for("lc.localhost"), lc, "officer")
    assert client.get("/tables/kn-occupations/").status_code == 404
    assert client.get("/tables/kn-occupations/codes/2221-01/").status_code == 404
    assert client.get("/tables/kn-occupations/search/", {"q": "nurse"}).json() == {"results": []}
    assert client.get("/tables/isco08/codes/2221/").status_code == 200  # lc's own copy


def test_the_write_pages_refuse_other_methods(admin_client, occupations):
    assert admin_client.put("/tables/new/").status_code == 405
    assert admin_client.post("/tables/kn-occupations/").status_code == 405
