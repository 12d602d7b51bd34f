"""The pages of a case type: the register pages, with cases opened and changed through the case services
and a case page that shows the case panel (status, actions, documents, letters, timeline, history)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clmis.records.pages import RecordPages, View
from modules.casework.services import case_open, case_update
from modules.casework.views import case_panel


class CasePages(RecordPages):
    """RecordPages with a case page (the case panel); `save=None` opens and updates cases with the
    case-work services directly, or a module gives its own service (which calls them)."""

    def __post_init__(self):
        if self.save is not None:
            return
        model = self.model

        def save(record, values, version, by):
            if record is None:
                return case_open(case=model(), values=values, by=by)
            return case_update(case=record, values=values, version=version, by=by)

        object.__setattr__(self, "save", save)

    def detail_view(self) -> View:
        @login_required
        @permission_required(self.permission("view"), raise_exception=True)
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            case = self.record_shown(pk)
            context = {self.name: case, **case_panel(request, case)}
            return render(request, self.template("detail"), context)

        return view
