"""The Content-Security-Policy: sent with every page, and no page needs the inline code it forbids.

Every page without parameters of the country and hub URLconfs is fetched as their administrators, so
a template that adds an inline <script>, <style> or style="" fails here, before a browser refuses it
(the browser tests fail on any refusal too: tests/browser/conftest.py). The Django admin is the one
exception: Django's and django-tenants' admin templates carry a few cosmetic inline styles (table
widths, the colour of the tenant apps' captions), which browsers refuse with no loss of function.
"""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from tests.security.isolation_support import routes_of
from tests.support import client_for, sign_in, user_in

# An executable <script> without src (a JSON data block is not executed, so allowed), <style>, style="".
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>|<style\b|\sstyle=\"",
    re.IGNORECASE,
)
# Signing out is a GET confirmation page, but nothing else is learnt from it.
SKIPPED = ("/accounts/logout/",)
ADMIN = "/admin/"


def paths_without_parameters(urlconf: str) -> list[str]:
    """Every page of a URLconf that takes no parameter, as a path."""
    return sorted({route.template for route in routes_of(urlconf) if not route.kwargs} - set(SKIPPED))


def _administrator(country, username: str):
    """The role's client, signed in with TOTP set up (privileged roles reach nothing without it)."""
    user = user_in(country, username)
    with tenant_context(country) if country else schema_context(get_public_schema_name()):
        TOTP.activate(user, generate_totp_secret())
    return sign_in(
        client_for(f"{country.schema_name}.localhost" if country else "localhost"), country, username
    )


@pytest.mark.parametrize(
    ("code", "username", "urlconf"),
    [("kn", "lmis_admin", "clmis.urls.country"), (None, "hub_admin", "clmis.urls.hub")],
)
def test_every_page_has_the_policy_and_no_inline_code(countries, db, code, username, urlconf):
    client = _administrator(countries[code] if code else None, username)
    pages = inline = 0
    offending = []
    for path in paths_without_parameters(urlconf):
        response = client.get(path)
        if not response.get("Content-Type", "").startswith("text/html") or response.status_code >= 300:
            continue
        pages += 1
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, path
        assert "unsafe" not in policy, path
        found = INLINE.findall(response.content.decode())
        if found and not path.startswith(ADMIN):
            inline += 1
            offending.append(f"{path}: {found[:3]}")
    assert not offending, offending
    # The walk really reached the pages: a broken discovery must not pass by finding nothing.
    assert pages >= 20 and inline == 0


def test_the_policy_is_sent_to_visitors_and_with_errors(kn_client):
    for response in (kn_client.get("/accounts/login/"), kn_client.get("/no-such-page/")):
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
