from functools import cached_property

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Alert(models.Model):
    class Type(models.TextChoices):
        ECHEANCE_J7 = "ECHEANCE_J7", _("Échéance à J-7")
        ECHEANCE_J3 = "ECHEANCE_J3", _("Échéance à J-3")
        ECHEANCE_J1 = "ECHEANCE_J1", _("Échéance à J-1")
        ECHEANCE_DEPASSEE = "ECHEANCE_DEPASSEE", _("Échéance dépassée")
        RETARD_ETAPE = "RETARD_ETAPE", _("Retard de phase")
        TACHES_EN_RETARD = "TACHES_EN_RETARD", _("Tâche en retard")
        BUDGET_DEPASSE = "BUDGET_DEPASSE", _("Budget dépassé")
        CONTRAT_EXPIRATION = "CONTRAT_EXPIRATION", _("Contrat bientôt expiré")
        CONTRAT_EXPIRE = "CONTRAT_EXPIRE", _("Contrat expiré")
        PROJET_DEMARRE = "PROJET_DEMARRE", _("Projet démarré")
        PHASE_TERMINEE = "PHASE_TERMINEE", _("Phase terminée")

    class Level(models.TextChoices):
        INFO = "INFO", _("Information")
        WARNING = "WARNING", _("Avertissement")
        DANGER = "DANGER", _("Danger")

    class Object(models.TextChoices):
        PROJECT = "PROJECT", _("Projet")
        PHASE = "PHASE", _("Phase")
        TASK = "TASK", _("Tâche")
        CONTRACT = "CONTRACT", _("Contrat")

    # Indexed by the unique constraint, which starts with it (also serves the counters).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts", db_index=False
    )
    type = models.CharField(_("type"), max_length=20, choices=Type)
    level = models.CharField(_("niveau"), max_length=10, choices=Level)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, null=True, related_name="alerts")
    object_type = models.CharField(max_length=10, choices=Object)
    object_id = models.PositiveBigIntegerField()
    # The day the alert belongs to (Europe/Paris); for once-only alerts a fixed
    # date of the object (the deadline or the contract's end).
    dedup_day = models.DateField()
    title = models.CharField(_("titre"), max_length=255)
    message = models.TextField(_("message"))
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    batch = models.CharField(max_length=32, db_index=True)
    is_read = models.BooleanField(_("lue"), default=False)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "type", "object_type", "object_id", "dedup_day"],
                name="one_alert_per_recipient_type_object_day",
            )
        ]
        indexes = [
            models.Index(fields=["object_type", "type", "dedup_day"]),
            # A recipient's alerts, newest first, and the unread ones (list, counters,
            # badge): thousands per user at 10,000 projects, read by the index.
            models.Index(fields=["recipient", "created_at"], name="alert_recipient_created"),
            models.Index(fields=["recipient", "is_read", "created_at"], name="alert_recipient_unread"),
            # The unread counters by level (the header's badge on every page): read from the index alone.
            models.Index(fields=["recipient", "is_read", "level"], name="alert_recipient_unread_level"),
        ]

    def __str__(self):
        return self.title

    # Where each kind of object is shown on the project page.
    ANCHORS = {Object.PHASE: "phase", Object.TASK: "task", Object.CONTRACT: "contract"}

    @cached_property
    def display_texts(self):
        """(title, message) in the reader's language (alerts.display)."""
        from .display import texts

        return texts(self)

    @property
    def display_title(self):
        return self.display_texts[0]

    @property
    def display_message(self):
        return self.display_texts[1]

    def get_absolute_url(self):
        """The project page, at the phase, task or contract the alert is about."""
        if not self.project_id:
            return None
        url = reverse("projects:detail", args=[self.project_id])
        if self.object_type in self.ANCHORS:
            return f"{url}#{self.ANCHORS[self.object_type]}-{self.object_id}"
        if self.type == self.Type.BUDGET_DEPASSE:
            return f"{url}#budget"
        return url
