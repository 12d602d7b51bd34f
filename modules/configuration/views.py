import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from modules.configuration.forms import ApplyForm, ImportForm
from modules.configuration.models import ConfigurationImport, ProviderChangeNotice
from modules.configuration.selectors import provider_changes_unread_among
from modules.configuration.services import (
    configuration_checksum,
    configuration_export,
    configuration_import,
    configuration_read,
    provider_change_revert,
    provider_changes_read,
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


@login_required
@permission_required("configuration.view_providerchangenotice", raise_exception=True)
def provider_changes(request: HttpRequest) -> HttpResponse:
    """Every change service providers made here from the hub's console, newest first, those the user
    had not seen marked (and now seen), each with a revert where it is possible."""
    page = Paginator(ProviderChangeNotice.objects.all(), 25).get_page(request.GET.get("page"))
    notices = list(page.object_list)
    unread = provider_changes_unread_among(request.user, notices)
    provider_changes_read(user=request.user, notices=notices)
    return render(request, "configuration/provider_changes.html", {"page": page, "unread": unread})


@login_required
@permission_required("configuration.revert_providerchangenotice", raise_exception=True)
@require_POST
def provider_change_revert_view(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(ProviderChangeNotice, pk=pk)
    try:
        provider_change_revert(notice=notice, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, _("Not reverted: %(reason)s") % {"reason": message})
    else:
        messages.success(request, _("Reverted: %(change)s") % {"change": notice.summary})
    return redirect("provider-changes")
