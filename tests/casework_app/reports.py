from modules.reports.tables import WorkflowTable
from tests.casework_app.models import Grievance

GRIEVANCE_WORKFLOW = WorkflowTable(
    key="grievance-workflow",
    title="Open grievances by stage and officer",
    permission="grievances.view_grievance",
    model=Grievance,
)
