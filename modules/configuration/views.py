import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from modules.configuration.forms import ApplyForm, ImportForm
from modules.configuration.models import ConfigurationImport
from modules.configuration.services import (
    configuration_checksum,
    configuration_export,
    configuration_import,
    configuration_read,
)


@login_required
@permission_required("configuration.view_configurationimport", raise_exception=True)
def configuration_page(request: HttpRequest) -> HttpResponse:
    """Download this country's configuration; upload another's to see what it would change; the
    imports applied so far."""
    imports = Paginator(ConfigurationImport.objects.all(), 20).get_page(request.GET.get("page"))
    return render(request, "configuration/page.html", {"form": ImportForm(), "page": imports})


@login_required
@permission_required("configuration.view_configurationimport", raise_exception=True)
def configuration_download(request: HttpRequest) -> HttpResponse:
    document = configuration_export()
    name = f"clmis-configuration-{document['country']}-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@permission_required("configuration.add_configurationimport", raise_exception=True)
@require_POST
def configuration_preview(request: HttpRequest) -> HttpResponse:
    """What the uploaded file would change here, computed by applying it and rolling back."""
    form = ImportForm(request.POST, request.FILES)
    context = {"form": form, "page": None}
    if form.is_valid():
        try:
            document = configuration_read(form.cleaned_data["file"].read())
            sections = form.cleaned_data["sections"]
            changes = configuration_import(document, apply=False, by=request.user, sections=sections)
        except ValidationError as error:
            context["refusals"] = error.messages
        else:
            apply = ApplyForm(
                initial={
                    "document": json.dumps(document),
                    "checksum": configuration_checksum(document),
                    "sections": sections,
                }
            )
            context.update(document=document, changes=changes, apply_form=apply)
    return render(request, "configuration/page.html", context)


@login_required
@permission_required("configuration.add_configurationimport", raise_exception=True)
@require_POST
def configuration_apply(request: HttpRequest) -> HttpResponse:
    """Apply the previewed file: all of it or, if anything is refused now, nothing."""
    form = ApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Upload the file again: the preview was incomplete."))
        return redirect("configuration:page")
    try:
        document = configuration_read(form.cleaned_data["document"])
        if configuration_checksum(document) != form.cleaned_data["checksum"]:
            raise ValidationError(_("The file differs from the one previewed. Upload it again."))
        changes = configuration_import(
            document, apply=True, by=request.user, sections=form.cleaned_data["sections"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("configuration:page")
    messages.success(
        request,
        ngettext(
            "The configuration is applied: %(count)d change.",
            "The configuration is applied: %(count)d changes.",
            len(changes),
        )
        % {"count": len(changes)},
    )
    return redirect("configuration:page")
