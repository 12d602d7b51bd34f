from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clmis.audit.history import history_of
from clmis.records.forms import form_save
from modules.unions.forms import UnionForm
from modules.unions.listing import UNIONS
from modules.unions.models import TradeUnion
from modules.unions.selectors import union_detailed, unions_listed
from modules.unions.services import union_save


@login_required
@permission_required("unions.view_tradeunion", raise_exception=True)
def union_list(request: HttpRequest) -> HttpResponse:
    export = reverse("unions:export") if request.user.has_perm("unions.export_tradeunion") else ""
    context = UNIONS.context(request, unions_listed(), export_url=export)
    return render(request, "unions/union_list.html", context)


@login_required
@permission_required("unions.export_tradeunion", raise_exception=True)
def union_export(request: HttpRequest) -> HttpResponse:
    return UNIONS.export(request, unions_listed())


@login_required
@permission_required("unions.view_tradeunion", raise_exception=True)
def union_detail(request: HttpRequest, pk: int) -> HttpResponse:
    union = get_object_or_404(union_detailed(pk))
    return render(request, "unions/union_detail.html", {"union": union, "history": history_of(union)})


@login_required
@permission_required("unions.add_tradeunion", raise_exception=True)
@require_http_methods(["GET", "POST"])
def union_create(request: HttpRequest) -> HttpResponse:
    form = UnionForm(request.POST or None)
    if request.method == "POST":
        union = form_save(
            form, lambda values, version: union_save(values=values, version=None, by=request.user)
        )
        if union is not None:
            messages.success(request, _("%(union)s is registered.") % {"union": union.name})
            return redirect(union)
    return render(request, "unions/union_form.html", {"form": form})


@login_required
@permission_required("unions.change_tradeunion", raise_exception=True)
@require_http_methods(["GET", "POST"])
def union_edit(request: HttpRequest, pk: int) -> HttpResponse:
    union = get_object_or_404(TradeUnion, pk=pk)
    form = UnionForm(request.POST or None, instance=union)
    if request.method == "POST":
        saved = form_save(
            form,
            lambda values, version: union_save(union=union, values=values, version=version, by=request.user),
        )
        if saved is not None:
            messages.success(request, _("Your changes to %(union)s are saved.") % {"union": saved.name})
            return redirect(saved)
    return render(request, "unions/union_form.html", {"form": form, "union": union})
