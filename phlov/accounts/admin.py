from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from phlov.accounts.models import Organisation, Role, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["provinces"]


@admin.register(User)
class PhlovUserAdmin(UserAdmin):
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Phlov", {"fields": ("organisation", "full_name_km")}))
    list_display = ("username", "email", "organisation", "is_active", "last_login")
    list_filter = ("is_active", "organisation__kind")
    inlines = [RoleAssignmentInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_km", "acronym", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name_en", "name_km", "acronym")


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_km", "sees_victim_data")
