from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render

from alerts.models import Alert
from projects.models import BudgetSummary, Project, Statut
from projects.queries import visible_projects, with_spent


@login_required
def dashboard(request):
    mine = with_spent(visible_projects(request.user).filter(
        Q(affectations__user=request.user, affectations__date_fin__isnull=True) | Q(createur=request.user)
    ).distinct())
    watch = [
        (p, s) for p in with_spent(visible_projects(request.user).filter(statut=Statut.EN_COURS))[:200]
        if (s := BudgetSummary(p.budget_previsionnel, p.spent)).status != BudgetSummary.OK
    ][:10]
    alerts = Alert.objects.filter(recipient=request.user, is_read=False)[:10]
    return render(request, "core/dashboard.html", {
        "my_projects": [(p, BudgetSummary(p.budget_previsionnel, p.spent)) for p in mine[:20]],
        "watch": watch,
        "alerts": alerts,
        "projects_count": Project.objects.count(),
    })
