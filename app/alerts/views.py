from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from .models import Alert


def counters(user):
    return Alert.objects.filter(recipient=user, is_read=False).aggregate(
        unread=Count("id"),
        danger=Count("id", filter=Q(level=Alert.Level.DANGER)),
        warning=Count("id", filter=Q(level=Alert.Level.WARNING)),
    )


@login_required
def alert_list(request):
    alerts = Alert.objects.filter(recipient=request.user).select_related("project")
    if request.GET.get("non_lues"):
        alerts = alerts.filter(is_read=False)
    return render(request, "alerts/list.html", {"alerts": alerts[:200], "counters": counters(request.user)})


@login_required
@require_POST
def mark_read(request, pk):
    alert = get_object_or_404(Alert, pk=pk, recipient=request.user)
    Alert.objects.filter(pk=alert.pk).update(is_read=True)
    return redirect("alerts:list")


@login_required
@require_POST
def mark_all_read(request):
    Alert.objects.filter(recipient=request.user, is_read=False).update(is_read=True)
    return redirect("alerts:list")


@login_required
@require_GET
def api_count(request):
    return JsonResponse(counters(request.user))


@login_required
@require_GET
def api_list(request):
    alerts = Alert.objects.filter(recipient=request.user).select_related("project")[:10]
    return JsonResponse({"alerts": [
        {"id": a.id, "type": a.type, "level": a.level, "title": a.title, "message": a.message,
         "is_read": a.is_read, "project_id": a.project_id, "created_at": a.created_at.isoformat()}
        for a in alerts
    ]})
