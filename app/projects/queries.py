from django.db.models import Q, Sum

from .models import Project


def visible_projects(user):
    """Superusers and DIRECTION see every project; others the ones they belong to or created."""
    qs = Project.objects.all()
    if user.is_superuser or user.role == "DIRECTION":
        return qs
    return qs.filter(Q(affectations__user=user) | Q(createur=user)).distinct()


def with_spent(qs):
    return qs.annotate(spent=Sum("lignes_budget__montant"))
