from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Role(models.TextChoices):
        DEVELOPPEUR = "DEVELOPPEUR", _("Développeur")
        CHEF_PROJET = "CHEF_PROJET", _("Chef de projet")
        DIRECTION = "DIRECTION", _("Direction")

    role = models.CharField(_("rôle système"), max_length=20, choices=Role, default=Role.DEVELOPPEUR)

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    @property
    def display_name(self):
        return self.get_full_name() or self.username


class Membre(models.Model):
    """The member profile linked to an account."""

    class Statut(models.TextChoices):
        ACTIF = "ACTIF", _("Actif")
        INACTIF = "INACTIF", _("Inactif")
        CONGE = "CONGE", _("En congé")
        SUSPENDU = "SUSPENDU", _("Suspendu")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membre")
    nom = models.CharField(_("nom"), max_length=100)
    prenom = models.CharField(_("prénom"), max_length=100)
    email = models.EmailField(_("email"))
    poste = models.CharField(_("poste"), max_length=120, blank=True)
    departement = models.CharField(_("département"), max_length=120, blank=True)
    statut = models.CharField(_("statut"), max_length=10, choices=Statut, default=Statut.ACTIF)

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["nom", "prenom"]

    def __str__(self):
        return f"{self.prenom} {self.nom}"
