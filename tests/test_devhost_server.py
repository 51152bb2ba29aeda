"""`make demo` itself: it migrates, seeds and serves the dev host; the seeded learner signs in and opens a unit."""
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """Run ``make demo`` on a free port with its own database; stop it (and its children) afterwards."""
    port = free_port()
    env = dict(os.environ, DEVHOST_DB=str(tmp_path / "demo.sqlite3"), DEVHOST_MEDIA_ROOT=str(tmp_path / "media"))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = open(tmp_path / "make-demo.log", "w")  # noqa: SIM115
    process = subprocess.Popen(["make", "--no-print-directory", "demo", f"PORT={port}"], cwd=REPO, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"make demo exited: {(tmp_path / 'make-demo.log').read_text()[-2000:]}")
            try:
                urllib.request.urlopen(base + "/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield base, tmp_path / "make-demo.log"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
        log.close()


def test_seeded_learner_opens_a_unit_with_a_ce_session_block(server):
    server, log = server
    printed = log.read_text()
    assert "learner (badge code AM26-0042)" in printed and "ce-demo-2026" in printed
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
