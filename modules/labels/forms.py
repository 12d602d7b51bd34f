from itertools import groupby

from django import forms
from django.db import connection
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.labels.models import Label
from modules.labels.targets import targets


class LabelForm(VersionedModelForm):
    target = forms.ChoiceField(label=_("Field or menu entry"))

    class Meta:
        model = Label
        fields = ["target", "language", "text", "help_text"]
        help_texts = {
            "text": _("The words shown instead of the platform's, in this language."),
            "help_text": _(
                "For a field: the explanation shown under it (leave empty to keep the platform's)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        modules = set(connection.tenant.module_enablements.values_list("module", flat=True))
        found = targets(modules)
        menu = _("Menu")
        self.fields["target"].choices = [("", "—")] + [
            (str(menu) if group == "menu" else group, [(target.key, target.title) for target in entries])
            for group, entries in groupby(found, key=lambda target: target.group)
        ]
        if self.instance.pk is not None:
            self.fields["target"].disabled = True
