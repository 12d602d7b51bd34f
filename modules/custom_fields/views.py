from django.utils.translation import gettext_lazy as _

from clmis.records.pages import RecordPages
from modules.custom_fields.forms import CustomFieldForm
from modules.custom_fields.listing import CUSTOM_FIELD_LISTING
from modules.custom_fields.models import CustomField
from modules.custom_fields.services import custom_field_save

PAGES = RecordPages(
    model=CustomField,
    name="custom_field",
    listing=CUSTOM_FIELD_LISTING,
    records=lambda: CustomField.objects.select_related("table"),
    form=CustomFieldForm,
    save=lambda record, values, version, by: custom_field_save(
        field=record, values=values, version=version, by=by
    ),
    created=_("The field %(record)s is added. It shows on the forms and pages of its records now."),
    changed=_("Your changes to the field %(record)s are saved."),
)
custom_field_list = PAGES.list_view()
custom_field_detail = PAGES.detail_view()
custom_field_create = PAGES.create_view()
custom_field_edit = PAGES.edit_view()
