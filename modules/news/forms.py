from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.news.models import Article


class ArticleForm(VersionedModelForm):
    class Meta:
        model = Article
        fields = ["title", "kind", "summary", "body", "author"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}
        help_texts = {
            "summary": _("One or two sentences shown in the lists of articles."),
            "body": _(
                "A blank line starts a new paragraph. ## starts a heading, - an item of a list; "
                "**bold**, *italic*, [the words of a link](https://example.org). Nothing else is "
                "formatted: HTML shows as typed."
            ),
            "author": _("As readers see it, e.g. Department of Labour, LMIS team. Your name if left empty."),
        }


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Public from"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("The embargo: the article is public from this moment (at once if left empty)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
