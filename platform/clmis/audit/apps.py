from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "clmis.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record

        from clmis.audit.history import record_actor

        pre_create_historical_record.connect(record_actor, dispatch_uid="clmis-audit-actor")
