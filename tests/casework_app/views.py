from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render

from modules.casework.views import case_panel
from tests.casework_app.models import Grievance


@login_required
@permission_required("grievances.view_grievance", raise_exception=True)
def detail(request, pk):
    grievance = get_object_or_404(Grievance, pk=pk)
    return render(request, "grievances/detail.html", case_panel(request, grievance))
