import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clmis.records.listing import Column, Listing
from modules.news.models import Article


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title, summary or text"), method="search")
    kind = django_filters.ChoiceFilter(choices=Article.Kind.choices, empty_label=_("Any"))
    state = django_filters.ChoiceFilter(choices=Article.State.choices, empty_label=_("Any"))

    class Meta:
        model = Article
        fields = ["q", "kind", "state"]

    def search(self, queryset, name, value: str):
        return queryset.filter(
            Q(title__icontains=value) | Q(summary__icontains=value) | Q(body__icontains=value)
        )


ARTICLES = Listing(
    title=_("News and analysis"),
    columns=(
        Column("title", _("Title"), sort="title", link=True),
        Column("kind", _("Kind"), value="get_kind_display", sort="kind"),
        Column("status", _("State"), sort="state"),
        Column("publish_at", _("Public from"), sort="publish_at"),
        Column("author", _("Author"), sort="author"),
    ),
    filterset=ArticleFilter,
    default_sort="-publish_at",
    export_name="articles",
)
