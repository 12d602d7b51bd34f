"""A case module that exists only in the test settings: it exercises the case-work core as modules will."""

from modules.manifest import Manifest, ModuleConfig


class GrievancesConfig(ModuleConfig):
    name = "tests.casework_app"
    label = "grievances"
    manifest = Manifest(
        key="grievances",
        title="Grievances",
        version="0.1",
        form="Test form",
        grants={
            # The LMIS administrator reads cases as in the real modules (a letter's preview shows one).
            "grievances.view_grievance": ("officer", "supervisor", "statistician", "lmis_admin"),
            "grievances.add_grievance": ("officer", "supervisor"),
            "grievances.change_grievance": ("officer", "supervisor"),
            "grievances.assign_grievance": ("supervisor",),
            "grievances.settle_grievance": ("supervisor",),
        },
        urls="tests.casework_app.urls",
        letters=(("grievances/acknowledgment", "Acknowledgment"),),
        reports=("tests.casework_app.reports.GRIEVANCE_WORKFLOW",),
    )
