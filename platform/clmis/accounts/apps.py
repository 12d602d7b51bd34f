from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "clmis.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from clmis.accounts.roles import roles_sync_after_migrate

        # Like Django's own create_permissions: every migrated schema (hub, countries, the template)
        # ends up with the groups of its roles and their permissions.
        post_migrate.connect(roles_sync_after_migrate, sender=self, dispatch_uid="clmis-roles-sync")
