from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST

from .models import Alert

PAGE_SIZE = 50


def counters(user):
    return Alert.objects.filter(recipient=user, is_read=False).aggregate(
        unread=Count("id"),
        danger=Count("id", filter=Q(level=Alert.Level.DANGER)),
        warning=Count("id", filter=Q(level=Alert.Level.WARNING)),
    )


def filter_alerts(qs, params):
    """The alert list's filters, from the query string (unknown values ignored)."""
    if params.get("non_lues"):
        qs = qs.filter(is_read=False)
    if params.get("niveau") in Alert.Level.values:
        qs = qs.filter(level=params["niveau"])
    if params.get("type") in Alert.Type.values:
        qs = qs.filter(type=params["type"])
    q = params.get("q", "").strip()
    if q:
        qs = qs.filter(title__icontains=q)
    return qs


@login_required
def alert_list(request):
    alerts = filter_alerts(Alert.objects.filter(recipient=request.user), request.GET)
    # The page's ids first, from the (recipient, created_at) index alone, then their rows:
    # a far page skips thousands of index entries instead of thousands of rows.
    page = Paginator(alerts.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    rows = Alert.objects.filter(pk__in=ids).select_related("project").in_bulk(ids) if ids else {}
    return render(request, "alerts/list.html", {
        "page": page,
        "alerts": [rows[pk] for pk in ids if pk in rows],
        "counters": counters(request.user),
        "levels": Alert.Level.choices,
        "types": Alert.Type.choices,
        "filters": {k: request.GET.get(k, "") for k in ("non_lues", "niveau", "type", "q")},
        "filtered": any(request.GET.get(k) for k in ("non_lues", "niveau", "type", "q")),
        # alerts:mark_read without its id, reversed once rather than on each of the 50 rows.
        "mark_read_base": reverse("alerts:mark_read", args=[0]).removesuffix("0/lue/"),
    })


def back_to_list(request):
    """Back where the user was (page and filters), if that is this site; else the list."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("alerts:list")


@login_required
@require_POST
def mark_read(request, pk):
    alert = get_object_or_404(Alert.objects.select_related("project"), pk=pk, recipient=request.user)
    if Alert.objects.filter(pk=alert.pk, is_read=False).update(is_read=True):
        messages.success(request, _("Alerte marquée comme lue : %(titre)s") % {"titre": alert.display_title})
    else:
        messages.info(request, _("Cette alerte était déjà lue."))
    return back_to_list(request)


@login_required
@require_POST
def mark_all_read(request):
    n = Alert.objects.filter(recipient=request.user, is_read=False).update(is_read=True)
    if n:
        messages.success(request, ngettext("%(n)d alerte marquée comme lue.", "%(n)d alertes marquées comme lues.", n)
                         % {"n": n})
    else:
        messages.info(request, _("Aucune alerte non lue."))
    return back_to_list(request)


def json_endpoint(*methods):
    """For the JSON API: 401 JSON for anonymous callers and 405 JSON for other methods,
    where the HTML pages would redirect to the login form or answer an empty 405."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in methods:
                response = JsonResponse({"detail": _("Méthode non autorisée.")}, status=405)
                response["Allow"] = ", ".join(methods)
                return response
            if not request.user.is_authenticated:
                response = JsonResponse({"detail": _("Authentification requise.")}, status=401)
                # The session cookie is the only credential (a scheme browsers do not prompt for).
                response["WWW-Authenticate"] = 'Session realm="SI-Gouvernance"'
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@json_endpoint("GET")
def api_count(request):
    return JsonResponse(counters(request.user))


@json_endpoint("GET")
def api_list(request):
    alerts = Alert.objects.filter(recipient=request.user).select_related("project")[:10]
    return JsonResponse({"alerts": [
        {"id": a.id, "type": a.type, "level": a.level, "title": a.display_title, "message": a.display_message,
         "is_read": a.is_read, "project_id": a.project_id, "url": a.get_absolute_url(),
         "created_at": a.created_at.isoformat()}
        for a in alerts
    ]})
