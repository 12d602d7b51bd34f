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
        self.apply_async_on_commit(args, kwargs)

    def apply_async_on_commit(self, args=None, kwargs=None, **options) -> None:
        options["headers"] = {"_schema_name": connection.schema_name, **(options.get("headers") or {})}
        transaction.on_commit(lambda: self.apply_async(args, kwargs, **options))


app = CeleryApp("clmis", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
