from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from core.admin import HideableAdmin
from members.models import Profile, User
from members.services import refresh_search


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "handle")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    extra = 0
    fk_name = "user"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("-date_joined",)
    list_display = ("email", "handle", "is_staff", "is_active", "date_joined")
    list_filter = (
        "is_staff",
        "is_superuser",
        "is_active",
        "profile__visibility",
        "profile__country_of_origin",
        "profile__country_of_residence",
    )
    search_fields = ("email", "handle", "profile__display_name")
    fieldsets = (
        (None, {"fields": ("email", "handle", "password")}),
        (_("Preferences"), {"fields": ("time_zone", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "handle", "password1", "password2")}),
    )
    add_form = UserCreationForm
    form = UserEditForm
    inlines = [ProfileInline]
    show_full_result_count = False
    # Suspending and lifting go through moderation (reports and suspensions admin): audited, seats
    # freed; un-ticking the box here would do neither.
    readonly_fields = ("is_active",)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_search([form.instance.pk])


@admin.register(Profile)
class ProfileAdmin(HideableAdmin):
    list_display = (
        "display_name",
        "user",
        "country_of_origin",
        "country_of_residence",
        "visibility",
        "is_changemaker",
        "wants_to_be_ambassador",
    )
    list_filter = (
        "visibility",
        "is_changemaker",
        "wants_to_be_ambassador",
        "country_of_origin",
        "country_of_residence",
        "user__is_staff",
    )
    search_fields = ("display_name", "user__email", "user__handle")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    show_full_result_count = False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_search([form.instance.pk])
