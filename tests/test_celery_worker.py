"""A bulk task through a real Celery worker: the dev host queues a report, a worker process builds it."""
import csv
import http.cookiejar
import io
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from tests.devhost_server import DEMO, seeded_devhost

pytestmark = pytest.mark.slow
COURSE = "course-v1:NASCM+AM26+2026"


@pytest.fixture
def broker_env(tmp_path):
    return {"DEVHOST_CELERY_BROKER": "filesystem://", "DEVHOST_CELERY_FOLDER": str(tmp_path / "broker")}


@pytest.fixture
def worker(tmp_path, broker_env):
    env = dict(os.environ, DEVHOST_DB=str(tmp_path / "devhost.sqlite3"), DEVHOST_MEDIA_ROOT=str(tmp_path / "media"),
               DJANGO_SETTINGS_MODULE="devhost_project.settings", **broker_env)
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115
    process = subprocess.Popen([sys.executable, "-m", "celery", "-A", "devhost_project", "worker", "--pool=solo",
                                "--concurrency=1", "--loglevel=INFO", "--without-heartbeat", "--without-gossip",
                                "--without-mingle"], cwd=DEMO, env=env, stdout=log, stderr=subprocess.STDOUT)
    yield tmp_path / "worker.log"
    process.terminate()
    process.wait(timeout=30)
    log.close()


def test_a_real_worker_builds_the_claims_roster(tmp_path, broker_env, worker):
    with seeded_devhost(tmp_path, **broker_env) as server:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

        def csrf(url):
            return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', opener.open(url).read().decode()).group(1)

        token = csrf(server + "/login/")
        opener.open(server + "/login/", urllib.parse.urlencode(
            {"username": "instructor", "password": "ce-demo-2026", "csrfmiddlewaretoken": token}).encode())
        claims = f"{server}/ce/staff/courses/{COURSE}/claims/"
        start = f"{server}/ce/staff/courses/{COURSE}/reports/roster/start/"
        job_page = opener.open(start, urllib.parse.urlencode({"csrfmiddlewaretoken": csrf(claims)}).encode()).url
        assert "/reports/" in job_page
        deadline, status = time.monotonic() + 90, {}
        while time.monotonic() < deadline:
            request = urllib.request.Request(job_page, headers={"Accept": "application/json"})
            status = json.loads(opener.open(request).read())
            if status["status"] in ("done", "failed"):
                break
            time.sleep(0.5)
        assert status.get("status") == "done", (status, worker.read_text()[-3000:])
        content = opener.open(job_page + "file/").read().decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:4] == ["username", "name", "email", "statement_type"]
    usernames = {row[0] for row in rows[1:]}
    assert {f"attendee{n:02d}" for n in range(1, 13)} <= usernames
    finalized = [row for row in rows[1:] if row[6] == "finalized"]
    # the seed: eight of twelve physicians and three of four pharmacists finalized, each with a statement
    assert len(finalized) == 11 and all(row[5] == "2.50" and row[8] for row in finalized)
    assert len({row[3] for row in finalized}) == 2
    assert "ce_plugin.build_report" in worker.read_text()


def signed_in_opener(server, username):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    token = csrf_token(opener, server + "/login/")
    opener.open(server + "/login/", urllib.parse.urlencode(
        {"username": username, "password": "ce-demo-2026", "csrfmiddlewaretoken": token}).encode())
    return opener


def csrf_token(opener, url):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', opener.open(url).read().decode()).group(1)


def test_a_real_worker_reissues_an_activitys_statements_and_renders_them(tmp_path, broker_env, worker):
    from tests.helpers import pdf_text
    with seeded_devhost(tmp_path, **broker_env) as server:
        opener = signed_in_opener(server, "instructor")
        claims = f"{server}/ce/staff/courses/{COURSE}/claims/"
        codes = set(re.findall(r"/statements/([A-Z0-9-]{14})\.pdf", opener.open(claims).read().decode()))
        assert codes
        page = f"{server}/ce/staff/courses/{COURSE}/statements/"
        job_page = opener.open(page, urllib.parse.urlencode({
            "csrfmiddlewaretoken": csrf_token(opener, page), "kind": "reissue",
            "reason": "Accreditation statement corrected"}).encode()).url
        assert "/statements/jobs/" in job_page
        deadline, status = time.monotonic() + 120, {}
        while time.monotonic() < deadline:
            request = urllib.request.Request(job_page, headers={"Accept": "application/json"})
            status = json.loads(opener.open(request).read())
            if status["status"] == "done":
                break
            time.sleep(0.5)
        assert status.get("status") == "done" and status["succeeded"] == len(codes) and not status["failed"], (
            status, worker.read_text()[-3000:])
        new_codes = set(re.findall(r"/statements/([A-Z0-9-]{14})\.pdf", opener.open(claims).read().decode()))
        assert len(new_codes) == len(codes) and not new_codes & codes
        document = opener.open(f"{server}/ce/staff/courses/{COURSE}/statements/{sorted(new_codes)[0]}.pdf").read()
        assert "Issued by the CE office." in pdf_text(document)
        old = opener.open(f"{server}/ce/verify/{sorted(codes)[0]}/").read().decode()
        assert "Reissued: Accreditation statement corrected" in old or "revoked" in old.lower()
    log = worker.read_text()
    assert "ce_plugin.run_statement_job" in log and "ce_plugin.process_statement_job" in log
    assert log.count("Rendered statement") >= len(codes)  # by the worker, not by a request
