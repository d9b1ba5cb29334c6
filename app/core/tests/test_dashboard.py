import re
from datetime import timedelta
from decimal import Decimal

import pytest

from accounts.tests.factories import UserFactory
from alerts import scans
from core.dates import today
from core.tests.helpers import assert_no_inline_code, assert_no_raw_codes, visible_text
from projects.models import Affectation, Statut
from projects.tests.factories import LigneBudgetFactory, ProjectFactory, make_risky_project, make_team, running


@pytest.fixture
def portfolio(db, superuser):
    day = today()
    risky = make_risky_project()[0]
    calm = ProjectFactory(nom="Projet serein", statut=Statut.EN_COURS, date_fin=day + timedelta(days=200))
    LigneBudgetFactory(project=calm, montant=Decimal("2000"))
    critical = ProjectFactory(nom="Budget tendu", statut=Statut.EN_COURS, date_fin=day + timedelta(days=100))
    LigneBudgetFactory(project=critical, montant=Decimal("9500"))
    done = ProjectFactory(nom="Projet livré", statut=Statut.TERMINE, date_fin=day - timedelta(days=90))
    LigneBudgetFactory(project=done, montant=Decimal("12000"))  # over budget, but finished
    dollars = ProjectFactory(nom="Filiale US", devise="USD", statut=Statut.PLANIFIE)
    for scan in scans.SCANS.values():
        scan()
    return {"risky": risky, "calm": calm, "critical": critical, "done": done, "dollars": dollars}


@pytest.mark.parametrize("who", ["superuser", "direction"])
def test_portfolio_dashboard(client, portfolio, superuser, who):
    client.force_login(superuser if who == "superuser" else UserFactory(role="DIRECTION"))
    response = client.get("/")
    html = response.content.decode()
    assert_no_inline_code(html)
    assert "Aucun projet." not in html and 'id="portfolio-figures"' in html
    figures = response.context["figures"]
    assert figures["total"] == 5 and figures["late"] == 1 and figures["over_budget"] == 2
    assert figures["overdue_tasks"] == 1
    assert dict(figures["totals"])["EUR"] == {"planned": Decimal("150000"), "spent": Decimal("155000")}
    assert re.search(r'id="kpi-late"><span class="kpi-value">1<', html)
    assert 'id="status-count-en_cours">3<' in html and 'id="status-count-termine">1<' in html
    assert 'id="total-planned-eur">150\xa0000,00\xa0€<' in html and 'id="total-planned-usd">10\xa0000,00\xa0$<' in html
    # Projects at risk, the most serious first; neither the calm nor the finished one.
    at_risk = [p.nom for p in response.context["at_risk"]]
    assert at_risk == ["Migration ERP Finance", "Budget tendu"]
    assert 'href="/projets/?filtre=risque" id="all-at-risk"' in html
    assert "Budget critique" in html and "1 tâche en retard" in html
    assert_no_raw_codes(html)


def test_portfolio_dashboard_in_english(client, portfolio, superuser):
    client.force_login(superuser)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Projects at risk" in html and "€150,000.00" in html and "$10,000.00" in html
    assert "Late projects" in html and "Budget critical" in html and "1 overdue task" in html
    text = visible_text(html)
    for french in ("Projets à risque", "En retard", "Budget critique", "Alertes non lues", "Tableau de bord"):
        assert french not in text, french
    assert_no_raw_codes(html)


def test_the_superuser_sees_the_contract_alerts(client, portfolio, superuser):
    client.force_login(superuser)
    html = client.get("/").content.decode()
    assert "Aucune alerte non lue." not in html
    assert "contrat de maintenance expiré" in html


def test_team_member_dashboard(client, portfolio):
    project = portfolio["risky"]
    member = Affectation.objects.filter(project=project, est_responsable=False).first().user
    other = ProjectFactory(nom="Autre projet")
    Affectation.objects.create(project=other, user=member, date_fin=today())  # left that team
    finished = ProjectFactory(nom="Ancien projet", statut=Statut.TERMINE, date_fin=today() - timedelta(days=400))
    Affectation.objects.create(project=finished, user=member)
    client.force_login(member)
    response = client.get("/")
    html = response.content.decode()
    assert_no_inline_code(html)
    assert 'id="portfolio-figures"' not in html
    assert [p.nom for p in response.context["my_projects"]] == ["Migration ERP Finance", "Ancien projet"], \
        "open projects first"
    assert re.search(rf'class="project-row row-danger" id="my-projects-table-{project.pk}"', html)
    assert "En retard" in html and "1 tâche en retard" in html
    assert "tâche « Recetter les écritures » en retard" in html, "the member's unread alert"
    assert_no_raw_codes(html)


def test_dashboard_without_projects(client, user):
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Vous ne faites partie d'aucun projet." in html and "Aucune alerte non lue." in html
