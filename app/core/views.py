from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.shortcuts import render
from django.templatetags.static import static
from django.views.generic.base import RedirectView

from alerts.models import Alert
from alerts.views import counters
from core.dates import today as paris_today
from projects import risks
from projects.models import CLOSED, Project, Statut, Tache
from projects.queries import member_project_ids, sees_portfolio

MY_PROJECTS = 20
AT_RISK_ROWS = 8


def portfolio_figures(today):
    """Key figures of the whole portfolio: one pass over the projects (grouped by status
    and currency: amounts of different currencies are never added) and one count of tasks."""
    by_status = defaultdict(int)
    totals = defaultdict(lambda: {"planned": Decimal(0), "spent": Decimal(0)})
    late = over_budget = 0
    rows = (
        Project.objects.order_by().values("statut", "devise")
        .annotate(n=Count("id"), planned=Sum("budget_previsionnel"), spent=Sum("depense"),
                  late=Count("id", filter=risks.late_q(today)),
                  over=Count("id", filter=Q(depense__gt=F("budget_previsionnel"))))
    )
    for row in rows:
        by_status[row["statut"]] += row["n"]
        totals[row["devise"]]["planned"] += row["planned"] or 0
        totals[row["devise"]]["spent"] += row["spent"] or 0
        late += row["late"]
        over_budget += row["over"]
    overdue_tasks = Tache.objects.filter(statut__in=Tache.OPEN, date_echeance__lt=today).count()
    return {
        "total": sum(by_status.values()),
        "by_status": [(value, label, by_status[value]) for value, label in Statut.choices],
        "totals": sorted(totals.items()),
        "late": late,
        "over_budget": over_budget,
        "overdue_tasks": overdue_tasks,
    }


@login_required
def dashboard(request):
    today = paris_today()
    user = request.user
    context = {
        "alerts": Alert.objects.filter(recipient=user, is_read=False).select_related("project")[:10],
        "counters": counters(user),
        "portfolio": sees_portfolio(user),
    }
    if context["portfolio"]:
        context["figures"] = portfolio_figures(today)
        context["at_risk"] = risks.most_at_risk(Project.objects.all(), today, limit=AT_RISK_ROWS)
    else:
        # The projects of the user's current team, and those the user created: open ones first,
        # the nearest end first.
        ids = member_project_ids(user, current=True)
        closed_last = Case(When(statut__in=CLOSED, then=Value(1)), default=Value(0))
        mine = Project.objects.filter(pk__in=ids).order_by(closed_last, F("date_fin").asc(nulls_last=True), "nom")
        context["my_projects"] = risks.attach_risks(mine[:MY_PROJECTS], today)
        context["my_count"] = len(ids)
    return render(request, "core/dashboard.html", context)


class FaviconView(RedirectView):
    """/favicon.ico, asked for by browsers whatever the page says: the static file (its
    hashed name in production). Temporary, so that a new release's icon is seen."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.ico")


favicon = FaviconView.as_view()
