"""The pages of a register, around its services: list with Excel export, detail with history, create, edit.

A module declares one RecordPages and takes its views from it; a page that is really its own (a
workplace created from its employer's page, an employer's representatives) stays a view of the module.
"""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.views.decorators.http import require_http_methods

from clmis.audit.history import history_of
from clmis.records.forms import VersionedModelForm, form_save
from clmis.records.listing import Listing

View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class RecordPages:
    model: type[Model]
    # The name the templates know the record by ("employer") and their folder ("employers").
    name: str
    listing: Listing
    records: Callable[[], QuerySet]
    form: type[VersionedModelForm]
    # The module's service: save(record or None, values, version, by) -> the saved record.
    save: Callable[[Model | None, dict, int | None, object], Model]
    # Messages with %(record)s, e.g. _("%(record)s is registered.").
    created: Promise | str
    changed: Promise | str
    # More context for the form page of an existing record (e.g. its employer).
    form_context: Callable[[Model], dict] = lambda record: {}
    # The URL name of the Excel export, when not "<app label>:export" (a module with two kinds of record).
    export_url_name: str = ""
    # What the record's page reads the record from, with the parts it lists prefetched, when more than
    # the list's `records`: a part's own codes read per part would cost a statement each.
    shown: Callable[[], QuerySet] | None = None

    def record_shown(self, pk: int) -> Model:
        return get_object_or_404((self.shown or self.records)(), pk=pk)

    def permission(self, action: str) -> str:
        return f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"

    def template(self, page: str) -> str:
        return f"{self.model._meta.app_label}/{self.name}_{page}.html"

    def list_view(self) -> View:
        @login_required
        @permission_required(self.permission("view"), raise_exception=True)
        def view(request: HttpRequest) -> HttpResponse:
            export = self._export_url() if request.user.has_perm(self.permission("export")) else ""
            return render(
                request,
                self.template("list"),
                self.listing.context(request, self.records(), export_url=export),
            )

        return view

    def _export_url(self) -> str:
        """The register's Excel export, or "" for a register whose model declares no export permission
        (custom fields, labels, news): a superuser holds every permission, declared or not."""
        codename = self.permission("export").split(".", 1)[1]
        if not any(name == codename for name, _label in self.model._meta.permissions):
            return ""
        return reverse(self.export_url_name or f"{self.model._meta.app_label}:export")

    def export_view(self) -> View:
        # A register's rows are personal data in bulk: the password is asked again (at most every
        # ACCOUNT_REAUTHENTICATION_TIMEOUT seconds), then the download goes ahead.
        @login_required
        @permission_required(self.permission("export"), raise_exception=True)
        @reauthentication_required
        def view(request: HttpRequest) -> HttpResponse:
            return self.listing.export(request, self.records())

        return view

    def detail_view(self) -> View:
        @login_required
        @permission_required(self.permission("view"), raise_exception=True)
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            record = self.record_shown(pk)
            return render(
                request, self.template("detail"), {self.name: record, "history": history_of(record)}
            )

        return view

    def create_view(self) -> View:
        @login_required
        @permission_required(self.permission("add"), raise_exception=True)
        @require_http_methods(["GET", "POST"])
        def view(request: HttpRequest) -> HttpResponse:
            form = self.form(request.POST or None)
            if request.method == "POST":
                saved = form_save(form, lambda values, version: self.save(None, values, None, request.user))
                if saved is not None:
                    messages.success(request, self.created % {"record": saved})
                    return redirect(saved)
            return render(request, self.template("form"), {"form": form})

        return view

    def edit_view(self) -> View:
        @login_required
        @permission_required(self.permission("change"), raise_exception=True)
        @require_http_methods(["GET", "POST"])
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            record = get_object_or_404(self.records(), pk=pk)
            form = self.form(request.POST or None, instance=record)
            if request.method == "POST":
                saved = form_save(
                    form, lambda values, version: self.save(record, values, version, request.user)
                )
                if saved is not None:
                    messages.success(request, self.changed % {"record": saved})
                    return redirect(saved)
            context = {"form": form, self.name: record, **self.form_context(record)}
            return render(request, self.template("form"), context)

        return view


@dataclass(frozen=True)
class PartPages:
    """The page to add one more of what a record holds (an employer's representative, a complaint's
    hearing, an inspection's violation) and the page to change one, with its history; both return to
    the record, whose page lists its parts."""

    model: type[Model]
    # The part's field naming the record it belongs to ("complaint"), also the service's keyword for it.
    parent: str
    form: type[VersionedModelForm]
    # The module's service: save(<parent>=record, <part>=part or None, values=, version=, by=).
    save: Callable[..., Model]
    # The page headings: adding one, changing one.
    titles: tuple[Promise | str, Promise | str]
    # Messages, which may name the saved part as %(record)s.
    created: Promise | str
    changed: Promise | str
    # The service's keyword for the part, when it is not the model's name ("report" for a medical report).
    part: str = ""
    # A form page of the module's own, extending records/part_form.html to say more above the form.
    template: str = "records/part_form.html"
    # Values to propose when adding one, from the record (the next meeting's date and place...).
    initial: Callable[[Model], dict] = lambda record: {}

    def permission(self, action: str) -> str:
        return f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"

    def create_view(self) -> View:
        @login_required
        @permission_required(self.permission("add"), raise_exception=True)
        @require_http_methods(["GET", "POST"])
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            record = get_object_or_404(self.model._meta.get_field(self.parent).related_model, pk=pk)
            form = self.form(
                request.POST or None,
                instance=self.model(**{self.parent: record}),
                initial=self.initial(record),
            )
            return self._page(request, record, None, form)

        return view

    def edit_view(self) -> View:
        @login_required
        @permission_required(self.permission("change"), raise_exception=True)
        @require_http_methods(["GET", "POST"])
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            part = get_object_or_404(self.model.objects.select_related(self.parent), pk=pk)
            form = self.form(request.POST or None, instance=part)
            return self._page(request, getattr(part, self.parent), part, form)

        return view

    def _page(self, request: HttpRequest, record: Model, part: Model | None, form) -> HttpResponse:
        if request.method == "POST":
            keywords = {self.parent: record, self.part or self.model._meta.model_name: part}
            saved = form_save(
                form,
                lambda values, version: self.save(
                    **keywords, values=values, version=None if part is None else version, by=request.user
                ),
            )
            if saved is not None:
                done = self.created if part is None else self.changed
                messages.success(request, done % {"record": saved})
                return redirect(record)
        context = {
            "form": form,
            "record": record,
            self.parent: record,
            "title": self.titles[0] if part is None else self.titles[1],
            "history": history_of(part) if part is not None else None,
        }
        return render(request, self.template, context)
