import unicodedata
import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class Statut(models.TextChoices):
    IDEE = "IDEE", _("Idée")
    AFFECTE = "AFFECTE", _("Affecté")
    PLANIFIE = "PLANIFIE", _("Planifié")
    EN_COURS = "EN_COURS", _("En cours")
    SUSPENDU = "SUSPENDU", _("Suspendu")
    TERMINE = "TERMINE", _("Terminé")
    ARCHIVE = "ARCHIVE", _("Archivé")


class Priorite(models.TextChoices):
    BASSE = "BASSE", _("Basse")
    MOYENNE = "MOYENNE", _("Moyenne")
    HAUTE = "HAUTE", _("Haute")
    CRITIQUE = "CRITIQUE", _("Critique")


STARTABLE = (Statut.IDEE, Statut.AFFECTE, Statut.PLANIFIE)
# Projects that can no longer be at risk.
CLOSED = (Statut.TERMINE, Statut.ARCHIVE)


class Project(models.Model):
    nom = models.CharField(_("nom"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    client = models.CharField(_("client"), max_length=200, blank=True)
    budget_previsionnel = models.DecimalField(
        _("budget prévisionnel"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    devise = models.CharField(_("devise"), max_length=3, default="EUR")
    statut = models.CharField(_("statut"), max_length=10, choices=Statut, default=Statut.IDEE, db_index=True)
    priorite = models.CharField(_("priorité"), max_length=10, choices=Priorite, default=Priorite.MOYENNE)
    createur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="projets_crees", verbose_name=_("créateur")
    )
    duree_jours = models.PositiveIntegerField(_("durée (jours)"), null=True, blank=True)
    date_debut = models.DateField(_("date de début"), null=True, blank=True)
    date_fin = models.DateField(_("date de fin"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The sum of the budget lines, kept by LigneBudget (save, delete): the lists and the
    # portfolio read one column instead of summing every line (20-60 ms at 10,000 projects).
    depense = models.DecimalField(
        _("dépensé"), max_digits=14, decimal_places=2, default=Decimal("0"), db_default=Decimal("0"), editable=False
    )
    # Budget used (%), computed by the database and indexed: the "over budget" filter,
    # the portfolio's count and the sort by budget read the index.
    taux_depense = models.GeneratedField(
        expression=F("depense") * 100 / F("budget_previsionnel"),
        output_field=models.FloatField(null=True),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["nom"]
        constraints = [
            models.CheckConstraint(condition=Q(budget_previsionnel__gt=0), name="project_budget_positive"),
        ]
        indexes = [
            models.Index(fields=["statut", "date_fin"]),
            models.Index(fields=["taux_depense"], name="project_taux_depense"),
            # Every column of the portfolio's figures: one pass over this index, not over the rows.
            models.Index(fields=["statut", "devise", "date_fin", "budget_previsionnel", "depense"],
                         name="project_portfolio"),
        ]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            Phase.objects.bulk_create(Phase.for_project(self))

    @property
    def responsable(self):
        aff = self.affectations.filter(est_responsable=True, date_fin__isnull=True).select_related("user").first()
        return aff.user if aff else None

    def budget_summary(self):
        return BudgetSummary(self.budget_previsionnel, self.depense)


class Affectation(models.Model):
    """Team membership; one active responsable principal per project (database constraint)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affectations")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="affectations")
    role_projet = models.CharField(_("rôle dans le projet"), max_length=100, blank=True)
    est_responsable = models.BooleanField(_("responsable principal"), default=False)
    date_debut = models.DateField(_("début"), null=True, blank=True)
    date_fin = models.DateField(_("fin"), null=True, blank=True)
    # 1 for the active responsable principal, NULL otherwise: unique per project.
    responsable_actif = models.GeneratedField(
        expression=Case(
            When(Q(est_responsable=True, date_fin__isnull=True), then=Value(1)),
            default=None,
            output_field=models.SmallIntegerField(),
        ),
        output_field=models.SmallIntegerField(null=True),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("affectation")
        verbose_name_plural = _("affectations")
        constraints = [
            models.UniqueConstraint(fields=["project", "responsable_actif"], name="one_active_responsable"),
        ]
        indexes = [models.Index(fields=["project", "date_fin"])]

    def __str__(self):
        return f"{self.user} @ {self.project}"


class Phase(models.Model):
    class Type(models.TextChoices):
        PLANIFICATION = "PLANIFICATION", _("Planification")
        CONCEPTION = "CONCEPTION", _("Conception")
        DEVELOPPEMENT = "DEVELOPPEMENT", _("Développement")
        TESTS = "TESTS", _("Tests")
        DEPLOIEMENT = "DEPLOIEMENT", _("Déploiement")
        MAINTENANCE = "MAINTENANCE", _("Maintenance")

    class Statut(models.TextChoices):
        A_VENIR = "A_VENIR", _("À venir")
        EN_COURS = "EN_COURS", _("En cours")
        TERMINEE = "TERMINEE", _("Terminée")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    type = models.CharField(_("phase"), max_length=20, choices=Type)
    ordre = models.PositiveSmallIntegerField(_("ordre"))
    statut = models.CharField(_("statut"), max_length=10, choices=Statut, default=Statut.A_VENIR)
    date_debut_prevue = models.DateField(_("début prévu"), null=True, blank=True)
    date_fin_prevue = models.DateField(_("fin prévue"), null=True, blank=True)
    date_debut_reelle = models.DateField(_("début réel"), null=True, blank=True)
    date_fin_reelle = models.DateField(_("fin réelle"), null=True, blank=True)
    # 1 while the phase runs, NULL otherwise: at most one running phase per project.
    en_cours = models.GeneratedField(
        expression=Case(
            When(statut="EN_COURS", then=Value(1)), default=None, output_field=models.SmallIntegerField()
        ),
        output_field=models.SmallIntegerField(null=True),
        db_persist=True,
    )

    ORDER = list(Type.values)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["project", "ordre"]
        constraints = [
            models.UniqueConstraint(fields=["project", "type"], name="one_phase_of_each_type"),
            models.UniqueConstraint(fields=["project", "en_cours"], name="at_most_one_running_phase"),
        ]
        indexes = [models.Index(fields=["statut", "date_fin_prevue"])]

    def __str__(self):
        return f"{self.project} / {self.get_type_display()}"

    @classmethod
    def for_project(cls, project):
        return [cls(project=project, type=t, ordre=i + 1) for i, t in enumerate(cls.ORDER)]


class Tache(models.Model):
    class Statut(models.TextChoices):
        A_FAIRE = "A_FAIRE", _("À faire")
        EN_COURS = "EN_COURS", _("En cours")
        TERMINEE = "TERMINEE", _("Terminée")
        BLOQUEE = "BLOQUEE", _("Bloquée")

    OPEN = (Statut.A_FAIRE, Statut.EN_COURS, Statut.BLOQUEE)

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="taches")
    nom = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="taches",
        verbose_name=_("responsable"),
    )
    date_debut = models.DateField(_("début"), null=True, blank=True)
    date_echeance = models.DateField(_("échéance"), null=True, blank=True)
    statut = models.CharField(_("statut"), max_length=10, choices=Statut, default=Statut.A_FAIRE)
    priorite = models.CharField(_("priorité"), max_length=10, choices=Priorite, default=Priorite.MOYENNE)
    avancement = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("tâche")
        verbose_name_plural = _("tâches")
        ordering = ["phase", "date_echeance", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(avancement__lte=100), name="tache_avancement_max_100"),
        ]
        indexes = [models.Index(fields=["statut", "date_echeance"])]

    def __str__(self):
        return self.nom


class LigneBudget(models.Model):
    class Type(models.TextChoices):
        MATERIEL = "MATERIEL", _("Matériel")
        SERVICE = "SERVICE", _("Service")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="lignes_budget")
    type = models.CharField(_("type"), max_length=10, choices=Type)
    montant = models.DecimalField(
        _("montant"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    libelle = models.CharField(_("libellé"), max_length=200)
    date = models.DateField(_("date"))
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("ligne de budget")
        verbose_name_plural = _("lignes de budget")
        ordering = ["-date", "-id"]
        constraints = [models.CheckConstraint(condition=Q(montant__gt=0), name="ligne_budget_montant_positive")]

    def __str__(self):
        return f"{self.libelle} ({self.montant})"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            # The project's row first: lines of one project saved at the same time are
            # added up in turn (no lost update, no deadlock between their sums).
            lock_projects([self.project_id])
            moved_from = None
            if self.pk:
                moved_from = LigneBudget.objects.filter(pk=self.pk).values_list("project_id", flat=True).first()
            super().save(*args, **kwargs)
            refresh_depense({self.project_id, moved_from} - {None})

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            lock_projects([self.project_id])
            return super().delete(*args, **kwargs)  # the post_delete signal refreshes the sum


def lock_projects(project_ids):
    list(Project.objects.select_for_update().filter(pk__in=project_ids).order_by("pk").values_list("pk", flat=True))


def refresh_depense(project_ids):
    """Recompute Project.depense from the lines, in one statement (also after bulk inserts).

    The subquery of an UPDATE reads the lines with shared locks (InnoDB), so it sees
    the latest committed lines, not an older snapshot of the calling transaction.
    """
    spent = (
        LigneBudget.objects.filter(project=OuterRef("pk")).order_by().values("project")
        .annotate(total=Sum("montant")).values("total")
    )
    return Project.objects.filter(pk__in=list(project_ids)).update(
        depense=Coalesce(Subquery(spent), Value(Decimal("0")), output_field=models.DecimalField())
    )


class BudgetSummary:
    OK, ATTENTION, CRITIQUE, DEPASSE = "OK", "ATTENTION", "CRITIQUE", "DEPASSE"
    # What the pages show: a translated label and a colour (never the code).
    LABELS = {
        OK: _("Dans le budget"),
        ATTENTION: _("À surveiller"),
        CRITIQUE: _("Budget critique"),
        DEPASSE: _("Budget dépassé"),
    }
    LEVELS = {OK: "ok", ATTENTION: "warning", CRITIQUE: "danger", DEPASSE: "danger"}

    def __init__(self, planned, spent):
        self.planned = Decimal(planned)
        self.spent = Decimal(spent or 0)
        self.available = self.planned - self.spent
        exact = self.spent * 100 / self.planned if self.planned else Decimal(0)
        self.percent = exact.quantize(Decimal("0.1"))
        if self.available < 0:
            self.status = self.DEPASSE
        elif exact >= 90:
            self.status = self.CRITIQUE
        elif exact >= 75:
            self.status = self.ATTENTION
        else:
            self.status = self.OK

    @property
    def label(self):
        return self.LABELS[self.status]

    @property
    def level(self):
        return self.LEVELS[self.status]


def validate_upload_size(f):
    if f.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(_("Fichier trop volumineux (50 Mo maximum)."))


# Room left for the file's own name in FichierProjet.fichier (max_length 100).
STORED_NAME_MAX = 40


def stored_file_name(name):
    """An ASCII name safe on any file system and in an X-Accel-Redirect header;
    the original name stays in FichierProjet.nom."""
    path = PurePath(name.replace("\\", "/"))
    ascii_name = unicodedata.normalize("NFKD", path.name).encode("ascii", "ignore").decode()
    stem, dot, ext = ascii_name.rpartition(".")
    if not dot:
        stem, ext = ext, ""
    clean = lambda text: "".join(c if c.isalnum() or c in "-_" else "_" for c in text).strip("_.")
    stem, ext = clean(stem) or "fichier", clean(ext)[:10].lower()
    stem = stem[: STORED_NAME_MAX - len(ext) - 1]
    return f"{stem}.{ext}" if ext else stem


def project_file_path(instance, filename):
    """projets/<project id>/<random>/<name>: one unguessable directory per file."""
    return f"projets/{instance.project_id}/{uuid.uuid4().hex}/{stored_file_name(filename)}"


class FichierProjet(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="fichiers")
    fichier = models.FileField(_("fichier"), upload_to=project_file_path, validators=[validate_upload_size])
    nom = models.CharField(_("nom"), max_length=255)
    taille = models.PositiveBigIntegerField(_("taille"), default=0)
    type_mime = models.CharField(_("type MIME"), max_length=120, blank=True)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fichier")
        verbose_name_plural = _("fichiers")
        ordering = ["-created_at"]

    def __str__(self):
        return self.nom

    @property
    def extension(self):
        return PurePath(self.nom).suffix.lstrip(".").lower()

    def save(self, *args, **kwargs):
        if self.fichier and not self.taille:
            self.taille = self.fichier.size
        if self.fichier and not self.nom:
            self.nom = self.fichier.name
        super().save(*args, **kwargs)


class ContratMaintenance(models.Model):
    class Type(models.TextChoices):
        CORRECTIVE = "CORRECTIVE", _("Corrective")
        EVOLUTIVE = "EVOLUTIVE", _("Évolutive")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contrats")
    type = models.CharField(_("type"), max_length=10, choices=Type)
    date_debut = models.DateField(_("début"))
    date_fin = models.DateField(_("fin"))
    sla_heures = models.PositiveIntegerField(_("SLA (heures)"))
    couverture = models.TextField(_("couverture"), blank=True)

    class Meta:
        verbose_name = _("contrat de maintenance")
        verbose_name_plural = _("contrats de maintenance")
        ordering = ["date_debut"]
        constraints = [
            models.CheckConstraint(condition=Q(date_fin__gte=F("date_debut")), name="contrat_dates_ordered"),
        ]
        indexes = [models.Index(fields=["date_fin"])]

    def __str__(self):
        return f"{self.project} / {self.get_type_display()} {self.date_debut}–{self.date_fin}"

    def overlapping(self):
        return ContratMaintenance.objects.filter(
            project_id=self.project_id, type=self.type, date_debut__lte=self.date_fin, date_fin__gte=self.date_debut
        ).exclude(pk=self.pk)

    def save(self, *args, **kwargs):
        # Lock the project row so that two concurrent saves cannot both pass the overlap check.
        with transaction.atomic():
            Project.objects.select_for_update().filter(pk=self.project_id).first()
            if self.overlapping().exists():
                raise ValidationError(_("Un contrat du même type couvre déjà cette période."))
            super().save(*args, **kwargs)

    def clean(self):
        if self.date_debut and self.date_fin and self.date_fin < self.date_debut:
            raise ValidationError(_("La date de fin précède la date de début."))
        if self.project_id and self.date_debut and self.date_fin and self.overlapping().exists():
            raise ValidationError(_("Un contrat du même type couvre déjà cette période."))
