"""The release train at the hub: releases, cutting the running code's, rollouts and their progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clmis import RELEASE
from modules.registry import module_by_key
from regional_hub.releases.forms import CountriesWaveForm, ReleaseCutForm, RolloutForm
from regional_hub.releases.models import Release, Rollout
from regional_hub.releases.selectors import countries_behind, releases_in_use, rollout_progress
from regional_hub.releases.services import (
    release_cut,
    rollout_cancel,
    rollout_countries_add,
    rollout_send,
    rollout_start,
)
from tenants.models import Country


@login_required
@permission_required("releases.view_release", raise_exception=True)
def release_list(request: HttpRequest) -> HttpResponse:
    rollouts = Paginator(Rollout.objects.select_related("release"), 20).get_page(request.GET.get("page"))
    context = {
        "releases": releases_in_use(),
        "running_release": RELEASE,
        "running_cut": Release.objects.filter(version=RELEASE).exists(),
        "behind": countries_behind(),
        "page": rollouts,
    }
    return render(request, "releases/list.html", context)


@login_required
@permission_required("releases.add_release", raise_exception=True)
@require_http_methods(["GET", "POST"])
def release_cut_view(request: HttpRequest) -> HttpResponse:
    form = ReleaseCutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            release = release_cut(
                kind=form.cleaned_data["kind"],
                notes=form.notes(),
                released_on=form.cleaned_data["released_on"],
                by=request.user,
            )
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, _("Release %(version)s is recorded.") % {"version": release.version})
            return redirect(release)
    return render(request, "releases/cut.html", {"form": form, "running_release": RELEASE})


@login_required
@permission_required("releases.view_release", raise_exception=True)
def release_detail(request: HttpRequest, version: str) -> HttpResponse:
    release = get_object_or_404(Release, version=version)
    context = {
        "release": release,
        "notes": release.notes_in(),
        "new_modules": [module_by_key(key) or key for key in release.new_modules],
        "countries": Country.objects.filter(release=release.version).order_by("name"),
        "rollouts": release.rollouts.all()[:20],
    }
    return render(request, "releases/detail.html", context)


@login_required
@permission_required("releases.add_rollout", raise_exception=True)
@require_http_methods(["GET", "POST"])
def rollout_create(request: HttpRequest) -> HttpResponse:
    release = Release.objects.filter(version=RELEASE).first()
    behind = countries_behind()
    form = RolloutForm(request.POST or None, initial={"countries": behind})
    if request.method == "POST" and form.is_valid() and release is not None:
        try:
            rollout = rollout_start(
                release=release,
                countries=form.cleaned_data["countries"],
                workers=form.cleaned_data["workers"],
                wave=form.cleaned_data["wave"],
                window=form.window(),
                by=request.user,
            )
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, _("The rollout has started."))
            return redirect(rollout)
    context = {"form": form, "release": release, "running_release": RELEASE, "behind": behind}
    return render(request, "releases/rollout_form.html", context)


@login_required
@permission_required("releases.view_rollout", raise_exception=True)
def rollout_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = get_object_or_404(Rollout.objects.select_related("release"), pk=pk)
    context = {"rollout": rollout, "upgrades": rollout_progress(rollout).prefetch_related("events")}
    return render(request, "releases/rollout.html", context)


@login_required
@permission_required("releases.change_rollout", raise_exception=True)
@require_http_methods(["GET", "POST"])
def rollout_add(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = get_object_or_404(Rollout, pk=pk, state=Rollout.State.RUNNING)
    next_wave = (rollout.countries.order_by("-wave").values_list("wave", flat=True).first() or 0) + 1
    form = CountriesWaveForm(request.POST or None, initial={"wave": next_wave})
    if request.method == "POST" and form.is_valid():
        try:
            rollout_countries_add(
                rollout=rollout,
                countries=form.cleaned_data["countries"],
                wave=form.cleaned_data["wave"],
                window=form.window(),
                by=request.user,
            )
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, _("The countries are added to the rollout."))
            return redirect(rollout)
    return render(request, "releases/rollout_add.html", {"rollout": rollout, "form": form})


@login_required
@permission_required("releases.change_rollout", raise_exception=True)
@require_POST
def rollout_resume(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = get_object_or_404(Rollout, pk=pk, state=Rollout.State.RUNNING)
    rollout_send(rollout)
    messages.success(request, _("The rollout's workers are sent again."))
    return redirect(rollout)


@login_required
@permission_required("releases.change_rollout", raise_exception=True)
@require_POST
def rollout_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = get_object_or_404(Rollout, pk=pk)
    cancelled = rollout_cancel(rollout=rollout, by=request.user)
    done = _("%(count)s waiting countries are cancelled; those upgrading finish.")
    messages.success(request, done % {"count": cancelled})
    return redirect(rollout)


def _errors_onto(form: Form, error: ValidationError) -> None:
    by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, problems in by_field.items():
        form.add_error(field if field in form.fields else None, problems)
