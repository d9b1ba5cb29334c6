from django.contrib import admin

from core.admin import SuperuserManagedMixin

from .models import Affectation, ContratMaintenance, FichierProjet, LigneBudget, Phase, Project, Tache


class AffectationInline(admin.TabularInline):
    model = Affectation
    extra = 0


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    can_delete = False
    max_num = 6
    fields = ("type", "ordre", "statut", "date_debut_prevue", "date_fin_prevue", "date_debut_reelle", "date_fin_reelle")


@admin.register(Project)
class ProjectAdmin(SuperuserManagedMixin, admin.ModelAdmin):
    list_display = ("nom", "client", "statut", "priorite", "budget_previsionnel", "date_debut", "date_fin")
    list_filter = ("statut", "priorite")
    search_fields = ("nom", "client")
    inlines = [AffectationInline, PhaseInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.createur = request.user
        super().save_model(request, obj, form, change)

    def get_exclude(self, request, obj=None):
        return ("createur",) if obj is None else ()


@admin.register(Tache)
class TacheAdmin(admin.ModelAdmin):
    list_display = ("nom", "phase", "responsable", "statut", "priorite", "date_echeance", "avancement")
    list_filter = ("statut", "priorite")
    raw_id_fields = ("phase", "responsable")


@admin.register(LigneBudget)
class LigneBudgetAdmin(admin.ModelAdmin):
    list_display = ("libelle", "project", "type", "montant", "date", "auteur")
    list_filter = ("type",)


@admin.register(FichierProjet)
class FichierProjetAdmin(admin.ModelAdmin):
    list_display = ("nom", "project", "taille", "type_mime", "auteur", "created_at")


@admin.register(ContratMaintenance)
class ContratAdmin(admin.ModelAdmin):
    list_display = ("project", "type", "date_debut", "date_fin", "sla_heures")
    list_filter = ("type",)
