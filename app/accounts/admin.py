from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from core.admin import SuperuserManagedMixin

from .models import Membre, User


class MembreInline(admin.StackedInline):
    model = Membre
    can_delete = False


@admin.register(User)
class UserAdmin(SuperuserManagedMixin, BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("Rôle"), {"fields": ("role",)}),)
    list_display = ("username", "email", "first_name", "last_name", "role", "is_superuser")
    list_filter = ("role", "is_superuser", "is_active")
    inlines = [MembreInline]


@admin.register(Membre)
class MembreAdmin(SuperuserManagedMixin, admin.ModelAdmin):
    list_display = ("nom", "prenom", "email", "poste", "departement", "statut")
    list_filter = ("statut", "departement")
    search_fields = ("nom", "prenom", "email")
