from django.utils.translation import gettext_lazy as _

from clmis.records.pages import RecordPages
from modules.indicators.forms import AgencyForm, IndicatorForm
from modules.indicators.listing import AGENCIES, INDICATORS
from modules.indicators.models import Agency, Indicator
from modules.indicators.services import agency_save, indicator_save

PAGES = RecordPages(
    model=Indicator,
    name="indicator",
    listing=INDICATORS,
    records=lambda: Indicator.objects.select_related("agency"),
    form=IndicatorForm,
    save=lambda record, values, version, by: indicator_save(
        indicator=record, values=values, version=version, by=by
    ),
    created=_("The indicator %(record)s is added to the package."),
    changed=_("Your changes to %(record)s are saved."),
)
indicator_list = PAGES.list_view()
indicator_export = PAGES.export_view()
indicator_detail = PAGES.detail_view()
indicator_create = PAGES.create_view()
indicator_edit = PAGES.edit_view()

AGENCY_PAGES = RecordPages(
    model=Agency,
    name="agency",
    listing=AGENCIES,
    records=Agency.objects.all,
    form=AgencyForm,
    save=lambda record, values, version, by: agency_save(
        agency=record, values=values, version=version, by=by
    ),
    created=_("%(record)s is registered as a partner agency."),
    changed=_("Your changes to %(record)s are saved."),
    export_url_name="indicators:agency-export",
)
agency_list = AGENCY_PAGES.list_view()
agency_export = AGENCY_PAGES.export_view()
agency_detail = AGENCY_PAGES.detail_view()
agency_create = AGENCY_PAGES.create_view()
agency_edit = AGENCY_PAGES.edit_view()
