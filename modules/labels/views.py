from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clmis.records.pages import RecordPages
from modules.labels.forms import LabelForm
from modules.labels.listing import LABEL_LISTING
from modules.labels.models import Label
from modules.labels.services import label_delete, label_save

PAGES = RecordPages(
    model=Label,
    name="label",
    listing=LABEL_LISTING,
    records=Label.objects.all,
    form=LabelForm,
    save=lambda record, values, version, by: label_save(label=record, values=values, version=version, by=by),
    created=gettext_lazy("The wording “%(record)s” is saved; forms and the menu show it now."),
    changed=gettext_lazy("Your changes to “%(record)s” are saved."),
)
label_list = PAGES.list_view()
label_detail = PAGES.detail_view()
label_create = PAGES.create_view()
label_edit = PAGES.edit_view()


@login_required
@permission_required("labels.delete_label", raise_exception=True)
@require_POST
def label_remove(request: HttpRequest, pk: int) -> HttpResponse:
    label = get_object_or_404(Label, pk=pk)
    label_delete(label=label, by=request.user)
    messages.success(
        request, _("The platform's wording is used again for %(target)s.") % {"target": label.target}
    )
    return redirect("labels:list")
