import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLog(models.Model):
    class Action(models.TextChoices):
        PROJET_DEMARRE = "PROJET_DEMARRE", _("Projet démarré")
        PHASE_TERMINEE = "PHASE_TERMINEE", _("Phase terminée")
        PROJET_TERMINE = "PROJET_TERMINE", _("Projet terminé")
        CONNEXION = "CONNEXION", _("Connexion")
        FICHIER_AJOUTE = "FICHIER_AJOUTE", _("Fichier ajouté")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=30, choices=Action)
    project = models.ForeignKey("projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    before = models.JSONField(_("avant"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("après"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    integrity_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("entrée d'audit")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def compute_hash(self):
        payload = json.dumps(
            [self.user_id, self.action, self.project_id, self.before, self.after, self.ip, self.user_agent],
            cls=DjangoJSONEncoder,
            sort_keys=True,
        )
        return hashlib.sha256((settings.SECRET_KEY + payload).encode()).hexdigest()

    def save(self, *args, **kwargs):
        self.integrity_hash = self.compute_hash()
        super().save(*args, **kwargs)

    def is_intact(self):
        return self.integrity_hash == self.compute_hash()

    @classmethod
    def record(cls, action, user=None, project=None, before=None, after=None, request=None):
        ip = ua = None
        if request is not None:
            ip = request.META.get("REMOTE_ADDR")
            ua = request.META.get("HTTP_USER_AGENT", "")[:500]
        return cls.objects.create(
            action=action, user=user, project=project, before=before or {}, after=after or {},
            ip=ip, user_agent=ua or "",
        )
