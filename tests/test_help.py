"""The Help menu: every role's guide and the public reader's, in English and Dutch, served on every site
to anyone, with their screenshots and their links to one another working."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from clmis.accounts.roles import ROLES
from clmis.help.guides import GUIDES, guide_get
from tests.support import client_for, sign_in

LANGUAGES = ("en", "nl")


@pytest.mark.parametrize(
    ("key", "language"),
    [(key, language) for key in GUIDES for language in LANGUAGES]
    + [("public", language) for language in ("es", "fr")],
)
def test_every_guide_is_written_with_its_screenshots(key, language):
    guide = guide_get(key, language)
    assert guide.language == language, f"docs/guide/{language}/{key}.md is missing"
    images = re.findall(r'<img src="([^"]+)"', guide.html)
    assert images, f"{language}/{key}.md has no screenshot"
    for src in images:
        assert src.startswith(settings.STATIC_URL), src
        assert finders.find(src.removeprefix(settings.STATIC_URL)), f"{src} is not a static file"
    assert ".md" not in "".join(re.findall(r'href="([^"]+)"', guide.html)), (
        "a link to a guide was not resolved"
    )


def test_every_role_has_a_guide():
    assert {role.guide_key for role in ROLES} <= set(GUIDES)


def test_a_language_without_the_guide_gets_it_in_english(countries, db):
    client = client_for("localhost")
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    response = client.get("/help/officer/")  # the public's guide is in French, the officer's not
    assert response.status_code == 200 and response["Content-Language"] == "fr"
    assert b'<article class="guide" lang="en">' in response.content
    assert "Ce guide n’est pas encore écrit dans votre langue".encode() in response.content


@pytest.mark.parametrize("host", ["localhost", "kn.localhost"])
def test_the_help_is_open_to_readers_who_are_not_signed_in(countries, db, host):
    client = client_for(host)
    index = client.get("/help/")
    assert index.status_code == 200
    assert b'href="/help/public/"' in index.content
    assert client.get("/help/public/").status_code == 200
    assert client.get("/help/nobody/").status_code == 404


def test_the_header_leads_to_help_and_the_start_page_to_the_users_guide(kn):
    client = sign_in(client_for("kn.localhost"), kn, "commissioner")
    home = client.get("/").content.decode()
    assert 'class="help-link" href="/help/"' in home
    assert 'href="/help/supervisor/"' in home


def test_the_public_site_leads_to_the_readers_guide(countries, db):
    page = client_for("kn.localhost").get("/lmi/").content.decode()
    assert 'class="help-link" href="/help/public/"' in page
