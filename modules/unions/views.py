from django.utils.translation import gettext_lazy as _

from clmis.records.pages import RecordPages
from modules.unions.forms import UnionForm
from modules.unions.listing import UNIONS
from modules.unions.models import TradeUnion
from modules.unions.selectors import unions_listed
from modules.unions.services import union_save

PAGES = RecordPages(
    model=TradeUnion,
    name="union",
    listing=UNIONS,
    records=unions_listed,
    form=UnionForm,
    save=lambda record, values, version, by: union_save(union=record, values=values, version=version, by=by),
    created=_("%(record)s is registered."),
    changed=_("Your changes to %(record)s are saved."),
)
union_list = PAGES.list_view()
union_export = PAGES.export_view()
union_detail = PAGES.detail_view()
union_create = PAGES.create_view()
union_edit = PAGES.edit_view()
