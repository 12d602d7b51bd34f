"""The Celery app. A task runs in the schema it was sent from (tenant-schemas-celery)."""

import os

from celery.signals import task_failure, task_postrun, task_prerun
from django.db import connection
from tenant_schemas_celery.app import CeleryApp
from tenant_schemas_celery.task import TenantTask

from clmis import metrics
from clmis.logs import task_started

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clmis.settings")


class Task(TenantTask):
    """TenantTask whose on-commit sending goes through the outbox and keeps the schema of the moment it
    was asked for.

    Celery's delay_on_commit() reads the schema when the transaction commits, which may be after the
    caller has left the country's context (an atomic block around a tenant_context): the task would
    then run in public. And it sends after the commit with nothing kept: a broker away at that moment
    loses the task (and the user gets an error for data that was saved). The outbox keeps it in the
    caller's transaction until the broker has it (clmis.outbox).
    """

    abstract = True

    def delay_on_commit(self, *args, **kwargs) -> None:
        self.apply_async_on_commit(args, kwargs)

    def apply_async_on_commit(self, args=None, kwargs=None, **options) -> None:
        from clmis.outbox.services import outbox_put  # the app's models load after this module

        options["headers"] = {"_schema_name": connection.schema_name, **(options.get("headers") or {})}
        outbox_put(task=self.name, args=args, kwargs=kwargs, options=options)


app = CeleryApp("clmis", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# A task's log lines carry its id, as a request's carry the request's.
task_prerun.connect(task_started)
task_prerun.connect(metrics.task_started)
task_postrun.connect(metrics.task_ended)
task_failure.connect(metrics.task_failed)
