from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clmis.audit.history import history_of
from clmis.records.pages import RecordPages
from modules.news.forms import ArticleForm, PublishForm, VersionForm
from modules.news.listing import ARTICLES
from modules.news.models import Article
from modules.news.services import article_publish, article_save, article_unpublish

PAGES = RecordPages(
    model=Article,
    name="article",
    listing=ARTICLES,
    records=Article.objects.all,
    form=ArticleForm,
    save=lambda record, values, version, by: article_save(
        article=record, values=values, version=version, by=by
    ),
    created=gettext_lazy(
        "%(record)s is saved as a draft. Read it below as the public will, then publish it."
    ),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
article_list = PAGES.list_view()
article_create = PAGES.create_view()
article_edit = PAGES.edit_view()


@login_required
@permission_required("news.view_article", raise_exception=True)
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The article as the public will read it (the preview), with its state, publishing and history."""
    article = get_object_or_404(Article, pk=pk)
    context = {
        "article": article,
        "history": history_of(article),
        "publish_form": PublishForm(initial={"version": article.version}),
        "draft_form": VersionForm(initial={"version": article.version}),
    }
    return render(request, "news/article_detail.html", context)


@login_required
@permission_required("news.publish_article", raise_exception=True)
@require_POST
def article_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect(article)
    try:
        article = article_publish(
            article=article,
            publish_at=form.cleaned_data["publish_at"],
            version=form.cleaned_data["version"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(article)s is published.") % {"article": article})
    return redirect(article)


@login_required
@permission_required("news.publish_article", raise_exception=True)
@require_POST
def article_unpublish_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    form = VersionForm(request.POST)
    try:
        article = article_unpublish(
            article=article,
            version=form.cleaned_data["version"] if form.is_valid() else None,
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(article)s is a draft again: the public no longer sees it.") % {"article": article}
        )
    return redirect(article)
