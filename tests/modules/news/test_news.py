"""News and analysis: written and previewed by the LMIS team, public only once published and from its
moment (to the minute), its simple rich text safe whatever is typed, each country its own."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.news.demo import news_demo
from modules.news.markup import markup_html
from modules.news.models import Article
from modules.news.selectors import articles_public
from modules.news.services import article_publish, article_save
from tests.support import client_for, sign_in

BODY = "## Findings\n\nThe rate **fell** to *9.1%*.\n\n- women\n- men\n\nSee [ILOSTAT](https://ilostat.ilo.org/)."


def _article(title="Unemployment falls", body=BODY, publish_at=None):
    article = article_save(values={"title": title, "kind": "analysis", "body": body}, version=None, by=None)
    if publish_at is not None:
        article = article_publish(article=article, publish_at=publish_at, version=article.version, by=None)
    return article


def test_the_statistician_writes_previews_and_publishes_an_article(kn):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert "/news/" in statistician.get("/").content.decode()  # the menu entry
    created = statistician.post(
        "/news/new/", {"title": "Unemployment falls", "kind": "analysis", "summary": "Down.", "body": BODY}
    )
    assert created.status_code == 302, created.context["form"].errors
    with tenant_context(kn):
        article = Article.objects.get(slug="unemployment-falls")
        assert article.state == "draft" and article.author == "statistician"
    visitor = client_for("kn.localhost")
    assert visitor.get("/lmi/news/unemployment-falls/").status_code == 404
    preview = statistician.get(created["Location"]).content.decode()
    assert "<h2>Findings</h2>" in preview and "<strong>fell</strong>" in preview
    published = statistician.post(
        f"/news/{article.pk}/publish/", {"publish_at": "", "version": article.version}
    )
    assert published.status_code == 302
    page = visitor.get("/lmi/news/unemployment-falls/")
    assert page.status_code == 200 and '<a href="https://ilostat.ilo.org/"' in page.content.decode()
    assert "Unemployment falls" in visitor.get("/lmi/news/").content.decode()
    assert "Unemployment falls" in visitor.get("/lmi/").content.decode()
    statistician.post(f"/news/{article.pk}/draft/", {"version": article.version + 1})
    assert visitor.get("/lmi/news/unemployment-falls/").status_code == 404
    with tenant_context(kn):
        assert Article.history.filter(actor="kn:statistician").count() == 3


def test_a_second_article_of_the_same_title_gets_its_own_address(kn):
    with tenant_context(kn):
        assert _article().slug == "unemployment-falls"
        assert _article().slug == "unemployment-falls-2"


def test_the_embargo_is_kept_to_the_minute(kn):
    moment = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(hours=2)
    with tenant_context(kn):
        article = _article(publish_at=moment)
        assert article.status == "Scheduled"
        assert not articles_public(now=moment - datetime.timedelta(seconds=1)).exists()
        assert articles_public(now=moment).get() == article
    visitor = client_for("kn.localhost")
    assert visitor.get("/lmi/news/unemployment-falls/").status_code == 404
    assert "Unemployment falls" not in visitor.get("/lmi/news/").content.decode()
    assert "Unemployment falls" not in visitor.get("/lmi/").content.decode()


def test_drafts_are_never_public(kn):
    with tenant_context(kn):
        _article(title="Not yet")
        assert not articles_public().exists()
    visitor = client_for("kn.localhost")
    assert visitor.get("/lmi/news/not-yet/").status_code == 404
    assert "Not yet" not in visitor.get("/lmi/news/").content.decode()


def test_the_public_list_is_newest_first_and_paginated(kn):
    now = timezone.now()
    with tenant_context(kn):
        for number in range(12):
            _article(title=f"Note {number}", publish_at=now - datetime.timedelta(days=number))
    first = client_for("kn.localhost").get("/lmi/news/").content.decode()
    assert first.index("Note 0") < first.index("Note 1") and "Note 11" not in first
    assert "Note 11" in client_for("kn.localhost").get("/lmi/news/?page=2").content.decode()


def test_the_rich_text_escapes_html_and_refuses_other_links():
    html = markup_html(
        '<script>alert(1)</script> <b onmouseover="x">hi</b>\n\n'
        '[click](javascript:alert(1)) [data](data:text/html,x) [quote](https://a.org/"onclick=x)'
    )
    assert "<script" not in html and "<b " not in html and "&lt;script&gt;" in html
    assert "javascript" not in html and "data:" not in html  # the words stay, the address goes
    assert "click" in html and "data" in html
    assert 'href="https://a.org/&quot;onclick=x"' in html


def test_the_rich_text_renders_its_subset():
    html = markup_html(BODY)
    assert html == (
        "<h2>Findings</h2>\n<p>The rate <strong>fell</strong> to <em>9.1%</em>.</p>\n"
        "<ul><li>women</li><li>men</li></ul>\n"
        '<p>See <a href="https://ilostat.ilo.org/" rel="nofollow noopener">ILOSTAT</a>.</p>'
    )


@pytest.mark.parametrize("url", ["/news/", "/news/new/"])
def test_an_officer_cannot_reach_the_news_pages(kn, url):
    assert sign_in(client_for("kn.localhost"), kn, "officer").get(url).status_code == 403


def test_an_officer_cannot_publish(kn):
    with tenant_context(kn):
        article = _article()
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.post(f"/news/{article.pk}/publish/", {"version": article.version}).status_code == 403
    with tenant_context(kn):
        article.refresh_from_db()
        assert article.state == "draft"


def test_each_country_has_its_own_articles(kn, lc):
    with tenant_context(kn):
        _article(publish_at=timezone.now())
    assert client_for("kn.localhost").get("/lmi/news/unemployment-falls/").status_code == 200
    assert client_for("lc.localhost").get("/lmi/news/unemployment-falls/").status_code == 404
    assert "Unemployment falls" not in client_for("lc.localhost").get("/lmi/news/").content.decode()


def test_the_demo_publishes_one_analysis_once(kn):
    with tenant_context(kn):
        assert news_demo(kn) == 1 and news_demo(kn) == 0
        assert articles_public().get().kind == "analysis"
