from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.dates import today as paris_today
from core.models import AuditLog

from . import risks, services, uploads
from .models import STARTABLE, FichierProjet, Phase, Priorite, Statut, Tache
from .queries import SORTS, listed_projects, sorted_projects, visible_projects

PAGE_SIZE = 25
# ?filtre= of the project list.
RISK_FILTERS = {
    "retard": gettext_lazy("En retard"),
    "depassement": gettext_lazy("Budget dépassé"),
    "risque": gettext_lazy("À risque"),
}


def filter_projects(qs, params, today):
    """The project list's search and filters, from the query string (unknown values ignored)."""
    q = params.get("q", "").strip()
    if q:
        qs = qs.filter(Q(nom__icontains=q) | Q(client__icontains=q))
    if params.get("statut") in Statut.values:
        qs = qs.filter(statut=params["statut"])
    if params.get("priorite") in Priorite.values:
        qs = qs.filter(priorite=params["priorite"])
    kind = params.get("filtre")
    if kind == "retard":
        qs = qs.filter(risks.late_q(today))
    elif kind == "depassement":
        qs = qs.filter(risks.over_budget_q())
    elif kind == "risque":
        qs = qs.filter(risks.at_risk_q(today))
    return qs


@login_required
def project_list(request):
    today = paris_today()
    qs = filter_projects(listed_projects(request.user), request.GET, today)
    sort = request.GET.get("tri", "nom")
    if sort.lstrip("-") not in SORTS:
        sort = "nom"
    page = Paginator(sorted_projects(qs, sort), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/list.html", {
        "page": page,
        "projects": risks.attach_risks(page, today),
        "statuses": Statut.choices,
        "priorities": Priorite.choices,
        "risk_filters": RISK_FILTERS.items(),
        "filters": {k: request.GET.get(k, "") for k in ("q", "statut", "priorite", "filtre")},
        "filtered": any(request.GET.get(k) for k in ("q", "statut", "priorite", "filtre")),
        "sort": sort,
    })


def can_upload(user, project):
    return user.is_superuser or services.is_member(user, project)


@login_required
def project_detail(request, pk):
    today = paris_today()
    project = get_object_or_404(visible_projects(request.user), pk=pk)
    phases = list(project.phases.prefetch_related("taches__responsable"))
    for phase in phases:
        phase.late = risks.phase_is_late(phase, today)
        phase.level = "warning" if phase.late else risks.PHASE_LEVELS[phase.statut]
        phase.tasks = list(phase.taches.all())
        for task in phase.tasks:
            task.overdue = risks.task_is_overdue(task, today)
            task.blocked = task.statut == Tache.Statut.BLOQUEE
            task.level = risks.TASK_LEVELS[task.statut]
    contracts = list(project.contrats.all())
    for contract in contracts:
        contract.state = risks.contract_state(contract, today)
        contract.badge = risks.CONTRACT_BADGES[contract.state]
        contract.days_left = (contract.date_fin - today).days
    risks.attach_risks([project], today)
    return render(request, "projects/detail.html", {
        "project": project,
        "risk": project.risk,
        "team": project.affectations.filter(date_fin__isnull=True).select_related("user")
        .order_by("-est_responsable", "user__last_name", "user__first_name"),
        "phases": phases,
        "budget": project.budget_summary(),
        "budget_lines": project.lignes_budget.select_related("auteur")[:50],
        "budget_lines_count": project.lignes_budget.count(),
        "files": project.fichiers.select_related("auteur"),
        "contracts": contracts,
        "can_start": project.statut in STARTABLE and services.is_responsable(request.user, project),
        "can_close": can_close(request.user, project),
        "can_upload": can_upload(request.user, project),
        "upload_accept": uploads.ACCEPT,
        "max_upload_size": settings.MAX_UPLOAD_SIZE,
        "running": Phase.Statut.EN_COURS,
        "status_level": risks.STATUS_LEVELS[project.statut],
    })


@login_required
@require_POST
def project_start(request, pk):
    project = get_object_or_404(visible_projects(request.user), pk=pk)
    try:
        services.start_project(project, request.user, request=request)
        messages.success(request, _("Projet démarré."))
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("projects:detail", pk=pk)


def can_close(user, project):
    return user.is_superuser or services.is_responsable(user, project)


@login_required
@require_http_methods(["GET", "POST"])
def phase_close(request, pk, phase_pk):
    """GET: what closing will do, and the tasks that prevent it; POST: close."""
    project = get_object_or_404(visible_projects(request.user), pk=pk)
    phase = get_object_or_404(Phase, pk=phase_pk, project=project)
    if not can_close(request.user, project):
        raise PermissionDenied(_("Seul le responsable principal peut clôturer une phase."))
    if request.method == "POST":
        try:
            nxt = services.close_phase(phase, request.user, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("projects:close_phase", pk=pk, phase_pk=phase_pk)
        if nxt:
            messages.success(request, _("Phase %(phase)s clôturée ; la phase %(suivante)s commence.")
                             % {"phase": phase.get_type_display(), "suivante": nxt.get_type_display()})
        else:
            messages.success(request, _("Phase %(phase)s clôturée ; le projet est terminé.")
                             % {"phase": phase.get_type_display()})
        return redirect(reverse("projects:detail", args=[pk]) + f"#phase-{phase.pk}")
    blocking = services.unfinished_tasks(phase)
    today = paris_today()
    for task in blocking:
        task.overdue = risks.task_is_overdue(task, today)
        task.level = risks.TASK_LEVELS[task.statut]
    return render(request, "projects/close_phase.html", {
        "project": project,
        "phase": phase,
        "running": phase.statut == Phase.Statut.EN_COURS,
        "next_phase": project.phases.filter(ordre__gt=phase.ordre).order_by("ordre").first(),
        "blocking": blocking,
    })


@login_required
@require_POST
def file_upload(request, pk):
    project = get_object_or_404(visible_projects(request.user), pk=pk)
    if not can_upload(request.user, project):
        raise PermissionDenied(_("Seuls l'équipe du projet et l'administrateur peuvent y ajouter des fichiers."))
    back = redirect(reverse("projects:detail", args=[pk]) + "#files")
    uploaded = request.FILES.get("fichier")
    if uploaded is None:
        messages.error(request, _("Choisissez un fichier à envoyer."))
        return back
    try:
        content_type = uploads.check_upload(uploaded)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return back
    with transaction.atomic():
        fichier = FichierProjet(project=project, fichier=uploaded, nom=uploaded.name[-255:], taille=uploaded.size,
                                type_mime=content_type, auteur=request.user)
        fichier.save()
        AuditLog.record(
            AuditLog.Action.FICHIER_AJOUTE, user=request.user, project=project,
            after={"fichier": fichier.nom, "chemin": fichier.fichier.name, "taille": fichier.taille,
                   "type": content_type},
            request=request,
        )
    messages.success(request, _("Fichier « %(nom)s » ajouté.") % {"nom": fichier.nom})
    return back


@login_required
def file_download(request, pk, file_pk):
    """Only for those who see the project, and always as an attachment (never rendered).

    Behind nginx (MEDIA_ACCEL_REDIRECT_PREFIX set) the proxy sends the file from an
    internal location; otherwise Django streams it."""
    project = get_object_or_404(visible_projects(request.user), pk=pk)
    fichier = get_object_or_404(FichierProjet, pk=file_pk, project=project)
    content_type = fichier.type_mime or "application/octet-stream"
    prefix = settings.MEDIA_ACCEL_REDIRECT_PREFIX
    if prefix:
        response = HttpResponse(b"", content_type=content_type)
        response["X-Accel-Redirect"] = quote(prefix + fichier.fichier.name)
    else:
        try:
            handle = fichier.fichier.open("rb")
        except FileNotFoundError:
            raise Http404(_("Fichier introuvable."))
        response = FileResponse(handle, as_attachment=True, content_type=content_type)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + quote(fichier.nom, safe="")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
