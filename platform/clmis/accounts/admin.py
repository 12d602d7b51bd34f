"""The Django admin of each schema: the hub's and every country's, for their own administrators only."""

from functools import wraps

from allauth.account.decorators import reauthentication_required
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from clmis.accounts.mfa import mfa_missing
from clmis.accounts.models import User
from clmis.accounts.roles import may_use_admin_site


class SchemaAdminSite(admin.AdminSite):
    """Open to the administrator roles of the schema it runs in, once they use two-factor authentication.

    Users and sessions live in each schema, so a superuser of one country is unknown to the admin of
    another. Sign-in goes through the platform's own (rate-limited, MFA-aware) login page.
    """

    site_header = _("CLMIS administration")
    site_title = _("CLMIS administration")
    index_title = _("Users and roles")

    def has_permission(self, request) -> bool:
        return may_use_admin_site(request.user) and not mfa_missing(request.user)

    def admin_view(self, view, cacheable=False):
        """A signed-in user without the right gets a 403 at once, not a detour through a login page."""
        guarded = super().admin_view(view, cacheable)

        @wraps(view)
        def inner(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied(_("Your role does not include the administration pages."))
            return guarded(request, *args, **kwargs)

        return inner

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            raise PermissionDenied(_("Your role does not include the administration pages."))
        return redirect_to_login(request.get_full_path(), reverse("account_login"))


hub_admin_site = SchemaAdminSite(name="admin")
country_admin_site = SchemaAdminSite(name="admin")


class PasswordAskedAgain:
    """Giving roles, changing what a role may do and setting passwords are the keys to everything else:
    the administrator's own password is asked again first (at most every ACCOUNT_REAUTHENTICATION_TIMEOUT
    seconds; allauth carries the request out once it is given)."""

    @method_decorator(reauthentication_required)
    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, extra_context)

    @method_decorator(reauthentication_required)
    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url, extra_context)


class RoleAdmin(PasswordAskedAgain, GroupAdmin):
    pass


class RoleUserAdmin(PasswordAskedAgain, SimpleHistoryAdmin, UserAdmin):
    """Users get their permissions through roles only; only a superuser can make another superuser."""

    list_display = ("username", "email", "first_name", "last_name", "is_active", "last_login")
    list_filter = ("is_active", "groups")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "preferred_language")}),
        (_("Roles"), {"fields": ("is_active", "groups", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ("groups",)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.is_superuser else (*fields, "is_superuser")

    @method_decorator(reauthentication_required)
    def user_change_password(self, request, id, form_url=""):
        return super().user_change_password(request, id, form_url)


for site in (hub_admin_site, country_admin_site):
    site.register(User, RoleUserAdmin)
    site.register(Group, RoleAdmin)
