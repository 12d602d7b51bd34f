"""The Celery app. A task runs in the schema it was sent from (tenant-schemas-celery)."""

import os

from django.db import connection, transaction
from tenant_schemas_celery.app import CeleryApp
from tenant_schemas_celery.task import TenantTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clmis.settings")


class Task(TenantTask):
    """TenantTask whose on-commit sending keeps the schema of the moment it was asked for.

    Celery's delay_on_commit() reads the schema when the transaction commits, which may be after the
    caller has left the country's context (an atomic block around a tenant_context): the task would
    then run in public.
    """

    abstract = True

    def delay_on_commit(self, *args, **kwargs) -> None:
        headers = {"_schema_name": connection.schema_name}
        transaction.on_commit(lambda: self.apply_async(args, kwargs, headers=headers))


app = CeleryApp("clmis", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
