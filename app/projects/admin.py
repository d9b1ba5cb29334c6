from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile

from core.admin import SuperuserManagedMixin
from core.models import AuditLog

from .models import Affectation, ContratMaintenance, FichierProjet, LigneBudget, Phase, Project, Tache
from .uploads import check_upload


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


class FichierProjetForm(forms.ModelForm):
    """The checks of the project page's upload form (size, extension, first bytes)."""

    class Meta:
        model = FichierProjet
        fields = ("project", "fichier")

    def clean_fichier(self):
        uploaded = self.cleaned_data["fichier"]
        if isinstance(uploaded, UploadedFile):
            self.content_type = check_upload(uploaded)
        return uploaded


@admin.register(FichierProjet)
class FichierProjetAdmin(admin.ModelAdmin):
    form = FichierProjetForm
    list_display = ("nom", "project", "taille", "type_mime", "auteur", "created_at")
    raw_id_fields = ("project",)

    def save_model(self, request, obj, form, change):
        uploaded = form.cleaned_data.get("fichier")
        if isinstance(uploaded, UploadedFile):
            obj.nom, obj.taille, obj.type_mime = uploaded.name[-255:], uploaded.size, form.content_type
        if not change:
            obj.auteur = request.user
        super().save_model(request, obj, form, change)
        if isinstance(uploaded, UploadedFile):
            AuditLog.record(AuditLog.Action.FICHIER_AJOUTE, user=request.user, project=obj.project,
                            after={"fichier": obj.nom, "chemin": obj.fichier.name, "taille": obj.taille,
                                   "type": obj.type_mime, "admin": True},
                            request=request)


@admin.register(ContratMaintenance)
class ContratAdmin(admin.ModelAdmin):
    list_display = ("project", "type", "date_debut", "date_fin", "sla_heures")
    list_filter = ("type",)
