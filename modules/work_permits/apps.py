from django.utils.translation import gettext_lazy as _

from modules.manifest import CodeTable, Manifest, MenuEntry, ModuleConfig
from modules.reference.tables import EDUCATION_LEVELS

READERS = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
WORKERS = ("officer", "supervisor", "commissioner")
DECIDERS = ("supervisor", "commissioner")


class WorkPermitsConfig(ModuleConfig):
    name = "modules.work_permits"
    label = "work_permits"
    verbose_name = _("Work permits")
    manifest = Manifest(
        key="work_permits",
        title=_("Work permits"),
        version="1.0",
        form="",
        description=_(
            "Employers' applications for permits for foreign workers: the labour-market test, the "
            "decision, the permit certificate, renewals."
        ),
        depends_on=("employers",),
        grants={
            "work_permits.view_workpermit": READERS,
            "work_permits.add_workpermit": WORKERS,
            "work_permits.change_workpermit": WORKERS,
            "work_permits.assign_workpermit": DECIDERS,
            "work_permits.decide_workpermit": DECIDERS,
            "work_permits.export_workpermit": (*DECIDERS, "statistician", "lmis_admin"),
        },
        menu=(MenuEntry(_("Work permits"), "work_permits:list", "work_permits.view_workpermit"),),
        urls="modules.work_permits.urls",
        api_urls="modules.work_permits.api_urls",
        tables=(
            EDUCATION_LEVELS,
            CodeTable(
                "permit_refusal_reason",
                _("Reasons for refusing a work permit"),
                (
                    ("NATIONAL", _("A suitable national is available")),
                    ("INCOMPLETE", _("Incomplete application")),
                    ("SALARY", _("Salary below the norm")),
                    ("QUALIFICATIONS", _("Qualifications not shown")),
                    ("SECURITY", _("Security")),
                    ("OTHER", _("Other")),
                ),
            ),
        ),
        letters=(
            ("work_permits/certificate", _("Work permit certificate")),
            ("work_permits/refusal", _("Refusal letter")),
        ),
        reports=(
            "modules.work_permits.reports.APPROVED_BY_CITIZENSHIP_AND_SEX",
            "modules.work_permits.reports.APPROVED_BY_OCCUPATION_AND_SEX",
            "modules.work_permits.reports.APPROVED_BY_ACTIVITY_AND_SEX",
            "modules.work_permits.reports.FIRST_AND_RENEWALS",
            "modules.work_permits.reports.REFUSED_BY_CITIZENSHIP_AND_SEX",
            "modules.work_permits.reports.REFUSED_BY_REASON_AND_SEX",
            "modules.work_permits.reports.WORKFLOW",
        ),
        indicators=(
            "modules.work_permits.indicators.APPROVED",
            "modules.work_permits.indicators.REFUSED",
            "modules.work_permits.indicators.FOREIGN_WORKERS_NEWLY_EMPLOYED",
        ),
        demo="modules.work_permits.demo.work_permits_demo",
    )
