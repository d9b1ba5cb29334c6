from io import StringIO

import pytest
from django.core.management import call_command

from alerts import scans
from alerts.models import Alert


@pytest.mark.django_db
def test_seed_demo_covers_every_alert_case_and_is_idempotent(superuser):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "created"
    for scan in scans.SCANS.values():
        scan()
    scheduled = {t for t in Alert.Type.values if t not in ("PROJET_DEMARRE", "PHASE_TERMINEE")}
    assert set(Alert.objects.values_list("type", flat=True)) == scheduled
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "unchanged"
