from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .models import STARTABLE, BudgetSummary, Phase, Tache
from .queries import visible_projects, with_spent


@login_required
def project_list(request):
    qs = with_spent(visible_projects(request.user)).select_related("createur")
    statut = request.GET.get("statut")
    if statut:
        qs = qs.filter(statut=statut)
    page = Paginator(qs.order_by("nom"), 25).get_page(request.GET.get("page"))
    rows = [(p, BudgetSummary(p.budget_previsionnel, p.spent)) for p in page]
    return render(request, "projects/list.html", {"page": page, "rows": rows, "statut": statut})


@login_required
def project_detail(request, pk):
    project = get_object_or_404(visible_projects(request.user), pk=pk)
    phases = list(project.phases.prefetch_related("taches__responsable"))
    return render(request, "projects/detail.html", {
        "project": project,
        "team": project.affectations.filter(date_fin__isnull=True).select_related("user"),
        "phases": phases,
        "budget": project.budget_summary(),
        "budget_lines": project.lignes_budget.all()[:50],
        "files": project.fichiers.all(),
        "contracts": project.contrats.all(),
        "can_start": project.statut in STARTABLE and services.is_responsable(request.user, project),
        "can_close": request.user.is_superuser or services.is_responsable(request.user, project),
        "open_statuses": Tache.OPEN,
        "running": Phase.Statut.EN_COURS,
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


@login_required
@require_POST
def phase_close(request, pk, phase_pk):
    project = get_object_or_404(visible_projects(request.user), pk=pk)
    phase = get_object_or_404(Phase, pk=phase_pk, project=project)
    try:
        services.close_phase(phase, request.user, request=request)
        messages.success(request, _("Phase clôturée."))
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("projects:detail", pk=pk)
