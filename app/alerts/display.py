"""Alerts in the reader's language.

Titles and messages are stored in the language of the run that made them (the scans run
in French) and emailed as such. The pages rebuild them from the alert's type and data
with the same translated sentences, so an English reader reads English; an alert whose
data lacks what a sentence needs (an older one) shows its stored text.
The project's name comes from alert.project: list alerts with select_related("project").
"""

from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from core.templatetags.pmo import money
from projects.models import ContratMaintenance, Phase

from .models import Alert

T = Alert.Type


def _day(value):
    return formats.date_format(date.fromisoformat(str(value)[:10]), "SHORT_DATE_FORMAT")


def _phase(value):
    return Phase.Type(value).label


def _texts(alert):
    d, nom = alert.data, alert.project.nom
    if alert.type in (T.ECHEANCE_J7, T.ECHEANCE_J3, T.ECHEANCE_J1, T.ECHEANCE_DEPASSEE):
        if alert.type == T.ECHEANCE_DEPASSEE:
            title = _("Projet « %(nom)s » : échéance dépassée de %(n)d jour(s)") % {"nom": nom, "n": d["jours_retard"]}
        else:
            title = _("Projet « %(nom)s » : échéance dans %(n)d jour(s)") % {"nom": nom, "n": d["jours_restants"]}
        return title, _("Le projet « %(nom)s » se termine le %(date)s.") % {"nom": nom, "date": _day(d["date_fin"])}
    if alert.type == T.RETARD_ETAPE:
        phase = _phase(d["phase"])
        return (
            _("Projet « %(nom)s » : la phase %(phase)s est en retard de %(n)d jour(s)")
            % {"nom": nom, "phase": phase, "n": d["jours_retard"]},
            _("La phase %(phase)s devait se terminer le %(date)s.") % {"phase": phase, "date": _day(d["date_fin_prevue"])},
        )
    if alert.type == T.TACHES_EN_RETARD:
        return (
            _("Projet « %(projet)s » : tâche « %(nom)s » en retard de %(n)d jour(s)")
            % {"projet": nom, "nom": d["tache"], "n": d["jours_retard"]},
            _("La tâche « %(nom)s » était due le %(date)s.") % {"nom": d["tache"], "date": _day(d["date_echeance"])},
        )
    if alert.type == T.BUDGET_DEPASSE:
        devise = alert.project.devise
        percent = formats.number_format(Decimal(str(d["pourcentage"])), decimal_pos=1)
        return (
            _("Projet « %(nom)s » : budget dépassé (%(p)s %%)") % {"nom": nom, "p": percent},
            _("Prévu %(planned)s, dépensé %(spent)s, dépassement de %(over)s.") % {
                "planned": money(d["prevu"], devise), "spent": money(d["depense"], devise),
                "over": money(d["depassement"], devise)},
        )
    if alert.type in (T.CONTRAT_EXPIRE, T.CONTRAT_EXPIRATION):
        if alert.type == T.CONTRAT_EXPIRE:
            title = _("Projet « %(nom)s » : contrat de maintenance expiré le %(date)s") % {
                "nom": nom, "date": _day(d["date_fin"])}
        else:
            title = _("Projet « %(nom)s » : contrat de maintenance expirant dans %(n)d jour(s)") % {
                "nom": nom, "n": d["jours_restants"]}
        kind = ContratMaintenance.Type(d["type"]).label
        return title, _("Contrat %(type)s, fin le %(date)s.") % {"type": kind, "date": _day(d["date_fin"])}
    if alert.type == T.PROJET_DEMARRE:
        return (
            _("Projet « %(nom)s » démarré") % {"nom": nom},
            _("Le projet « %(nom)s » a démarré ; fin prévue le %(date)s.") % {"nom": nom, "date": _day(d["date_fin"])},
        )
    if alert.type == T.PHASE_TERMINEE:
        phase = _phase(d["phase"])
        return (
            _("Projet « %(nom)s » : phase %(phase)s terminée") % {"nom": nom, "phase": phase},
            _("La phase %(phase)s commence.") % {"phase": _phase(d["suivante"])} if d["suivante"]
            else _("Le projet est terminé."),
        )
    return None


def texts(alert):
    """(title, message) in the active language, or the stored ones."""
    if alert.project_id is not None:
        try:
            found = _texts(alert)
        except (KeyError, TypeError, ValueError, ArithmeticError):
            found = None
        if found:
            return found
    return alert.title, alert.message
