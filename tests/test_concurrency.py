"""Two processes finalizing one learner's claim at the same moment issue exactly one statement."""
import os
import subprocess
import sys
import time

import pytest

from tests.devhost_server import DEMO

pytestmark = pytest.mark.slow

RACE = """
import time
from django.contrib.auth import get_user_model
from ce_plugin import api
user = get_user_model().objects.get(username="attendee03")
while time.time() < {start}:
    time.sleep(0.001)
claim = api.finalize_claim(user, "course-v1:NASCM+AM26+2026")
print(claim.status)
"""
COUNT = """
from ce_plugin.models import AuditEvent, Statement
print(Statement.objects.filter(user__username="attendee03").count(),
      AuditEvent.objects.filter(action="claim_finalized", subject__username="attendee03").count())
"""


def test_simultaneous_finalizations_issue_one_statement(tmp_path):
    env = dict(os.environ, DEVHOST_DB=str(tmp_path / "race.sqlite3"), DEVHOST_MEDIA_ROOT=str(tmp_path / "media"),
               DJANGO_SETTINGS_MODULE="devhost_project.settings")
    manage = [sys.executable, "manage.py"]
    subprocess.run(manage + ["migrate", "--noinput", "-v0"], cwd=DEMO, env=env, check=True)
    subprocess.run(manage + ["seed"], cwd=DEMO, env=env, check=True, capture_output=True)
    start = time.time() + 4
    racers = [subprocess.Popen(manage + ["shell", "-c", RACE.format(start=start)], cwd=DEMO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [racer.communicate(timeout=120) for racer in racers]
    assert [out.strip().splitlines()[-1] for out, _err in outputs] == ["finalized", "finalized"], outputs
    counted = subprocess.run(manage + ["shell", "-c", COUNT], cwd=DEMO, env=env, check=True, capture_output=True,
                             text=True).stdout.strip().splitlines()[-1].split()
    assert counted == ["1", "1"]
