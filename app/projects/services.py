"""Project lifecycle operations: each one atomic, audited, and notifying the team."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _, ngettext

from alerts.models import Alert
from alerts.services import AlertEvent, store_alerts, unique_recipients
from core.dates import today as paris_today
from core.models import AuditLog

from .models import STARTABLE, Affectation, Phase, Project, Statut, Tache


def is_responsable(user, project):
    return Affectation.objects.filter(
        project=project, user=user, est_responsable=True, date_fin__isnull=True
    ).exists()


def is_member(user, project):
    """In the project's team now (an active affectation), the responsable principal included."""
    return Affectation.objects.filter(project=project, user=user, date_fin__isnull=True).exists()


def unfinished_tasks(phase):
    return list(phase.taches.exclude(statut=Tache.Statut.TERMINEE).select_related("responsable")
                .order_by("date_echeance", "id"))


# A refusal names at most this many tasks (the confirmation page lists them all).
NAMED_TASKS = 10


def describe_tasks(tasks):
    """« Nom » (statut), ... for a message; the rest counted."""
    names = ", ".join(f"« {t.nom} » ({t.get_statut_display()})" for t in tasks[:NAMED_TASKS])
    rest = len(tasks) - NAMED_TASKS
    if rest > 0:
        names += " " + ngettext("et %(n)d autre", "et %(n)d autres", rest) % {"n": rest}
    return names


def notify_team(project, kind, object_type, object_id, title, message, data=None):
    team = Affectation.objects.filter(project=project, date_fin__isnull=True).values_list("user_id", flat=True)
    return store_alerts([AlertEvent(
        unique_recipients(project.createur_id, *team), kind, Alert.Level.INFO, project.pk, object_type, object_id,
        paris_today(), title, message, data or {},
    )])


def start_project(project, user, request=None):
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if not is_responsable(user, project):
            raise PermissionDenied(_("Seul le responsable principal peut démarrer le projet."))
        if project.statut not in STARTABLE:
            raise ValidationError(_("Le projet ne peut être démarré que depuis Idée, Affecté ou Planifié."))
        if not project.duree_jours:
            raise ValidationError(_("Renseignez la durée du projet avant de le démarrer."))
        before = {"statut": project.statut, "date_debut": project.date_debut, "date_fin": project.date_fin}
        today = paris_today()
        project.statut = Statut.EN_COURS
        project.date_debut = today
        project.date_fin = today + timedelta(days=project.duree_jours)
        project.save(update_fields=["statut", "date_debut", "date_fin"])
        first = project.phases.order_by("ordre").first()
        if first and not project.phases.filter(statut=Phase.Statut.EN_COURS).exists():
            first.statut = Phase.Statut.EN_COURS
            first.date_debut_reelle = today
            first.save(update_fields=["statut", "date_debut_reelle"])
        AuditLog.record(
            AuditLog.Action.PROJET_DEMARRE, user=user, project=project, before=before,
            after={"statut": project.statut, "date_debut": project.date_debut, "date_fin": project.date_fin},
            request=request,
        )
        notify_team(
            project, Alert.Type.PROJET_DEMARRE, Alert.Object.PROJECT, project.pk,
            _("Projet « %(nom)s » démarré") % {"nom": project.nom},
            _("Le projet « %(nom)s » a démarré ; fin prévue le %(date)s.")
            % {"nom": project.nom, "date": project.date_fin.strftime("%d/%m/%Y")},
            data={"date_fin": project.date_fin},
        )
    return project


def close_phase(phase, user, request=None):
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=phase.project_id)
        phase = Phase.objects.get(pk=phase.pk)
        if not (user.is_superuser or is_responsable(user, project)):
            raise PermissionDenied(_("Seul le responsable principal peut clôturer une phase."))
        if phase.statut != Phase.Statut.EN_COURS:
            raise ValidationError(_("Seule la phase en cours peut être clôturée."))
        blocking = unfinished_tasks(phase)
        if blocking:
            raise ValidationError(
                _("Cette phase a encore des tâches non terminées : %(taches)s.") % {"taches": describe_tasks(blocking)}
            )
        today = paris_today()
        phase.statut = Phase.Statut.TERMINEE
        phase.date_fin_reelle = today
        phase.save(update_fields=["statut", "date_fin_reelle"])
        nxt = project.phases.filter(ordre__gt=phase.ordre).order_by("ordre").first()
        if nxt:
            nxt.statut = Phase.Statut.EN_COURS
            nxt.date_debut_reelle = today
            nxt.save(update_fields=["statut", "date_debut_reelle"])
        else:
            project.statut = Statut.TERMINE
            project.save(update_fields=["statut"])
        AuditLog.record(
            AuditLog.Action.PHASE_TERMINEE if nxt else AuditLog.Action.PROJET_TERMINE, user=user, project=project,
            before={"phase": phase.type, "statut": Phase.Statut.EN_COURS},
            after={"phase": phase.type, "statut": phase.statut, "suivante": nxt.type if nxt else None},
            request=request,
        )
        title = _("Projet « %(nom)s » : phase %(phase)s terminée") % {"nom": project.nom, "phase": phase.get_type_display()}
        message = (
            _("La phase %(phase)s commence.") % {"phase": nxt.get_type_display()} if nxt
            else _("Le projet est terminé.")
        )
        notify_team(project, Alert.Type.PHASE_TERMINEE, Alert.Object.PHASE, phase.pk, title, message,
                    data={"phase": phase.type, "suivante": nxt.type if nxt else None})
    return nxt
