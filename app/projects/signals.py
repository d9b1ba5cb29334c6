"""Project.depense follows its budget lines, whichever way they are deleted
(one line, the admin's bulk delete): the post_delete signal is sent for each."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import LigneBudget, Project, refresh_depense


@receiver(post_delete, sender=LigneBudget)
def budget_line_deleted(sender, instance, origin=None, **kwargs):
    if isinstance(origin, Project):
        return  # the project itself is being deleted
    refresh_depense([instance.project_id])
