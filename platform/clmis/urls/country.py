from django.urls import path

from clmis.accounts.admin import country_admin_site
from clmis.urls import common_patterns

urlpatterns = [
    *common_patterns("clmis.urls.country"),
    path("admin/", country_admin_site.urls),
]
