"""A country's administrators override letter wording and numbering patterns (issue-6 editor to come)."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clmis.accounts.admin import country_admin_site
from modules.casework.letters import letter_template_check
from modules.casework.models import LetterTemplate, NumberingRule


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["key", "language", "subject", "body"]

    def clean_subject(self) -> str:
        letter_template_check(self.cleaned_data["subject"])
        return self.cleaned_data["subject"]

    def clean_body(self) -> str:
        letter_template_check(self.cleaned_data["body"])
        return self.cleaned_data["body"]


@admin.register(LetterTemplate, site=country_admin_site)
class LetterTemplateAdmin(SimpleHistoryAdmin):
    form = LetterTemplateForm
    list_display = ("key", "language", "subject")
    list_filter = ("language",)


@admin.register(NumberingRule, site=country_admin_site)
class NumberingRuleAdmin(SimpleHistoryAdmin):
    list_display = ("case_type", "pattern")
