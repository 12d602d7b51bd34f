"""django-tenants' PostgreSQL backend without the SET search_path it repeats for an unchanged schema."""

from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper


class DatabaseWrapper(TenantDatabaseWrapper):
    """Keeps the connection's search_path when a request is routed to the schema it already has.

    django-tenants forgets the search_path (and the ContentType cache) on every set_tenant(), so on a
    persistent connection each request pays a `SET search_path` even when it goes to the same
    country as the one before. Forgetting is only needed when the schema changes: rollback, savepoint
    rollback and close already forget it whenever the database may have discarded the setting.
    """

    def set_tenant(self, tenant, include_public=True):
        if tenant.schema_name == self.schema_name and include_public == self.include_public_schema:
            self.tenant = tenant
            return
        super().set_tenant(tenant, include_public)
