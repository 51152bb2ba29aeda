"""`make demo` in small: migrate, seed and serve the dev host, then sign in as the seeded learner and open a unit."""
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parent.parent / "demo"
pytestmark = pytest.mark.slow


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    env = dict(os.environ, DEVHOST_DB=str(tmp_path / "demo.sqlite3"), DEVHOST_MEDIA_ROOT=str(tmp_path / "media"),
               DJANGO_SETTINGS_MODULE="devhost_project.settings")
    manage = [sys.executable, "manage.py"]
    subprocess.run(manage + ["migrate", "--noinput", "-v0"], cwd=DEMO, env=env, check=True)
    seeded = subprocess.run(manage + ["seed"], cwd=DEMO, env=env, check=True, capture_output=True, text=True)
    assert "learner" in seeded.stdout and "ce-demo-2026" in seeded.stdout
    port = free_port()
    process = subprocess.Popen(manage + ["runserver", f"127.0.0.1:{port}", "--noreload"], cwd=DEMO, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_seeded_learner_opens_a_unit_with_a_ce_session_block(server):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    login = opener.open(server + "/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    form = {"username": "learner", "password": "ce-demo-2026", "csrfmiddlewaretoken": token, "next": "/"}
    opener.open(server + "/login/", urllib.parse.urlencode(form).encode())
    course = opener.open(server + "/courses/course-v1:NASCM+AM26+2026/").read().decode()
    units = re.findall(r'href="(/courses/[^"]+/units/\d+/)"', course)
    assert len(units) == 36
    page = opener.open(server + units[0]).read().decode()
    assert "data-block-type='ce_session'" in page and "data-init='CESessionBlock'" in page
    assert 'class="ce-session__title">Antimicrobial stewardship in the emergency department</h3>' in page
    assert 'data-step="statement"' in page
    assert "ce-session__evaluation-form" in page
