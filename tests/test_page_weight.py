"""Pages stay light for a slow link: every page a role reaches from where it signs in, and every public
page linked from the sites' front pages, weighs at most PAGE_BUDGET on a first visit — the page and the
files it loads, compressed as nginx and WhiteNoise send them.

What is measured: a role's landing page and every page it links to on the same site (its menu, its
dashboard's links), for each role of a country and of the hub, and the same for an anonymous reader of
the hub and of a country. The weights are written to the test's output (`pytest -s`) for docs.
After the first visit the static files come from the browser's cache: nginx sends them for 30 days,
immutable (tests/infra/test_install.py checks the header).
"""

import gzip
import mimetypes
import re
from html.parser import HTMLParser

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.accounts.roles import ROLES, Scope
from modules.indicators.demo import indicators_demo
from tests.support import client_for, sign_in, user_in

PAGE_BUDGET = 300 * 1024
# Where links lead that are not pages to weigh: signing out, switching language (a POST form's target),
# files for download, the API itself.
NOT_PAGES = re.compile(
    r"^/(accounts/logout|i18n/|api/|static/|media/)|[?&]format=|/export/|\.(csv|xlsx|pdf)$"
)
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml")


class _References(HTMLParser):
    """The same-site links of a page, and the files it loads with it (styles, scripts, images, icon)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: set[str] = set()
        self.assets: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and values.get("href", "").startswith("/"):
            self.links.add(values["href"].split("#")[0])
        loaded = values.get("href", "") if tag == "link" else values.get("src", "")
        if tag in ("link", "script", "img") and loaded.startswith("/"):
            self.assets.add(loaded)


def _sent(body: bytes, content_type: str) -> int:
    """Bytes on the wire: text compressed (gzip, as nginx and WhiteNoise send it), the rest as it is."""
    return len(gzip.compress(body, 6)) if content_type.startswith(COMPRESSED) else len(body)


def _asset(client: Client, url: str) -> int:
    """A static file as WhiteNoise would send it; anything else (a country's brand style sheet) as the
    application answers it."""
    if url.startswith(settings.STATIC_URL):
        path = finders.find(url.split("?")[0].removeprefix(settings.STATIC_URL))
        assert path, f"{url} is not a static file"
        with open(path, "rb") as file:
            return _sent(file.read(), mimetypes.guess_type(path)[0] or "")
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return _sent(response.content, response["Content-Type"])


def _weigh(client: Client, url: str) -> tuple[int, _References]:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    references = _References()
    references.feed(response.content.decode())
    weight = _sent(response.content, response["Content-Type"])
    weight += sum(_asset(client, asset) for asset in references.assets)
    return weight, references


def _site_weights(client: Client, start: str = "/", depth: int = 1) -> dict[str, int]:
    """The landing page and every page reached from it within `depth` links, each with its weight."""
    weights: dict[str, int] = {}
    frontier = [start]
    for _level in range(depth + 1):
        found: set[str] = set()
        for url in frontier:
            if url in weights or NOT_PAGES.search(url):
                continue
            if url != start and client.get(url).status_code != 200:  # a POST-only form's target, a redirect
                continue
            weights[url], references = _weigh(client, url)
            found |= references.links
        frontier = sorted(found - weights.keys())
    return weights


def _over_budget(weights: dict[str, int]) -> dict[str, int]:
    return {url: weight for url, weight in weights.items() if weight > PAGE_BUDGET}


def _roles(scope: Scope) -> list:
    return [pytest.param(role, id=role.key) for role in ROLES if role.scope == scope]


@pytest.mark.parametrize("role", _roles(Scope.COUNTRY))
def test_every_page_a_country_role_reaches_is_within_the_budget(kn, role):
    if role.privileged:  # privileged roles see nothing without a second factor
        with tenant_context(kn):
            TOTP.activate(user_in(kn, role.key), generate_totp_secret())
    weights = _site_weights(sign_in(client_for("kn.localhost"), kn, role.key))
    assert len(weights) > 1, "the landing page links to no page"
    assert not _over_budget(weights), _over_budget(weights)
    print(f"\n{role.key} (kn): {len(weights)} pages, heaviest {max(weights.values()) / 1024:.1f} KB")


@pytest.mark.parametrize("role", _roles(Scope.HUB))
def test_every_page_a_hub_role_reaches_is_within_the_budget(countries, db, role):
    if role.privileged:
        with schema_context(get_public_schema_name()):
            TOTP.activate(user_in(None, role.key), generate_totp_secret())
    weights = _site_weights(sign_in(client_for("localhost"), None, role.key))
    assert len(weights) > 1, "the landing page links to no page"
    assert not _over_budget(weights), _over_budget(weights)
    print(f"\n{role.key} (hub): {len(weights)} pages, heaviest {max(weights.values()) / 1024:.1f} KB")


@pytest.mark.parametrize(("host", "start"), [("localhost", "/data/"), ("kn.localhost", "/lmi/")])
def test_every_public_page_is_within_the_budget(countries, db, host, start):
    with tenant_context(countries["kn"]):  # kn's published figures: its indicator pages, with charts
        indicators_demo(countries["kn"])
    weights = _site_weights(client_for(host), start, depth=2)
    assert len(weights) > 1
    assert not _over_budget(weights), _over_budget(weights)
    print(f"\npublic ({host}{start}): {len(weights)} pages, heaviest {max(weights.values()) / 1024:.1f} KB")
