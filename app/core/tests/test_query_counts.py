"""The pages read a fixed number of queries, whatever the number of projects: no query per
row. Measured on the benchmark's data set (alerts.dataset) with its alerts, for the
superuser, a DIRECTION user and a team member, with few projects and then with many."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.tests.factories import UserFactory
from alerts import scans
from alerts.dataset import build_dataset
from core.dates import today
from projects.models import Affectation, Project

PAGES = ["/", "/projets/", "/alertes/", "/projets/?filtre=risque&tri=-budget", "/alertes/?non_lues=1&q=projet",
         "/api/alertes/count/"]


def scan(day):
    for run in scans.SCANS.values():
        run(day)


def queries(client, path):
    client.get(path)  # the first request may fill caches (content types, session)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.fixture
def users(db, superuser):
    return {"superuser": superuser, "direction": UserFactory(role="DIRECTION")}


@pytest.mark.parametrize("who", ["superuser", "direction", "member"])
def test_query_counts_do_not_grow_with_the_portfolio(client, users, who):
    day = today()
    build_dataset(4, day, prefix="few", n_users=6)
    member = User.objects.get(username="few-u1")
    scan(day)
    client.force_login(users.get(who, member))
    few = {path: queries(client, path) for path in PAGES}

    build_dataset(60, day, prefix="many", n_users=6)
    # The member joins every new project: more rows on each of the member's pages too.
    Affectation.objects.bulk_create([Affectation(project=p, user=member)
                                     for p in Project.objects.filter(nom__startswith="many")])
    scan(day)
    assert Project.objects.count() == 64
    many = {path: queries(client, path) for path in PAGES}
    assert many == few


def test_page_timings(superuser):
    build_dataset(3, today(), prefix="t", n_users=4)
    out = StringIO()
    call_command("page_timings", username="admin", repeat=2, stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["path"] for line in lines] == ["/", "/projets/", "/alertes/"]
    for line in lines:
        assert line["status"] == 200 and line["queries"] > 0 and line["repeat"] == 2
        assert 0 < line["median_ms"] <= line["max_ms"]
        assert 0 < line["median_sql_ms"] < line["max_ms"] and line["median_cpu_ms"] > 0
    out = StringIO()
    call_command("page_timings", username="admin", repeat=1, paths=["/projets/?filtre=risque"], stdout=out)
    assert json.loads(out.getvalue())["path"] == "/projets/?filtre=risque"


def test_page_timings_needs_a_known_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("page_timings", username="nobody")
