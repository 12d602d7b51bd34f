"""In each country's admin: the erasures of personal data (read only) and the retention rules."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from clmis.accounts.admin import country_admin_site
from clmis.personal_data.models import Erasure, RetentionRule
from clmis.personal_data.selectors import case_type_choices
from clmis.personal_data.services import retention_rule_save


class ErasureAdmin(admin.ModelAdmin):
    list_display = ("at", "reference", "case_type", "reason", "request_reference", "actor")
    list_filter = ("reason", "case_type", "at")
    search_fields = ("reference", "request_reference", "actor")
    date_hierarchy = "at"
    list_per_page = 50

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RetentionRuleForm(forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = ("case_type", "years")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "case_type" in self.fields:  # not when it is shown read only
            self.fields["case_type"] = forms.ChoiceField(label=_("Records"), choices=case_type_choices)


class RetentionRuleAdmin(admin.ModelAdmin):
    form = RetentionRuleForm
    list_display = ("records", "years")
    list_per_page = 50

    @admin.display(description=_("records"), ordering="case_type")
    def records(self, rule: RetentionRule) -> str:
        return dict(case_type_choices()).get(rule.case_type, rule.case_type)

    def save_model(self, request, obj, form, change) -> None:
        # Through the service, as every write: the actor is recorded in the rule's history.
        saved = retention_rule_save(case_type=obj.case_type, years=obj.years, by=request.user)
        obj.pk = saved.pk

    def get_readonly_fields(self, request, obj=None) -> tuple[str, ...]:
        # A rule is for one kind of records; another kind gets a rule of its own.
        return ("case_type",) if obj else ()


country_admin_site.register(Erasure, ErasureAdmin)
country_admin_site.register(RetentionRule, RetentionRuleAdmin)
