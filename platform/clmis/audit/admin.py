"""Exports of records in each country's admin: read only, for the LMIS administrator."""

from django.contrib import admin

from clmis.accounts.admin import country_admin_site
from clmis.audit.models import Export


class ExportAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "records", "rows", "filters")
    list_filter = ("records", "at")
    search_fields = ("actor", "records", "filters")
    date_hierarchy = "at"
    list_per_page = 50

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


country_admin_site.register(Export, ExportAdmin)
