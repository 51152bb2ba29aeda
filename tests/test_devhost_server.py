"""`make demo` itself: it migrates, seeds and serves the dev host; the seeded learner signs in and opens a unit."""
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import pdf_text

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


def signed_in(server, username):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    login = opener.open(server + "/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    form = {"username": username, "password": "ce-demo-2026", "csrfmiddlewaretoken": token, "next": "/"}
    opener.open(server + "/login/", urllib.parse.urlencode(form).encode())
    return opener


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


def test_the_seeded_transcript_holds_a_past_meeting_statement_and_credit_earned_elsewhere(server):
    """The learner's transcript: a 2009 meeting with no course, verified publicly; self-reported credit apart."""
    server, log = server
    assert "the past meeting of 2009 and the learner's credit earned elsewhere" in log.read_text()
    learner = signed_in(server, "learner")
    page = learner.open(server + "/ce/transcript/").read().decode()
    statements, _, external = page.partition('id="ce-external"')
    assert "NASCM Annual Meeting 2009" in statements and "past meeting, issued by the CE office" in statements
    assert "/ce/courses/course-v1:NASCM+AM09+past/" not in statements  # no course page to lead to
    code = re.search(r'href="/ce/verify/([A-Z0-9-]+)/"', statements).group(1)
    assert "Self-reported: credit earned elsewhere" in external
    assert "Sepsis in 2026: a clinical update (webinar)" in external and "Massachusetts risk management CME" in external
    certificates = re.findall(r'href="(/ce/transcript/external/[0-9a-f-]+/certificate/)"', external)
    assert len(certificates) == 1
    with learner.open(server + certificates[0]) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert pdf_text(response.read()).startswith("Certificate of attendance Jordan A. Lee, MD")
    text = pdf_text(learner.open(server + "/ce/transcript.pdf").read())
    assert "NASCM Annual Meeting 2009" in text and code in text and "Self-reported" in text
    assert "Total (self-reported)" in text and "Massachusetts risk management CME 3.00 credits" in text
    anyone = urllib.request.build_opener()  # the verification page is public
    verified = anyone.open(f"{server}/ce/verify/{code}/").read().decode()
    assert 'data-result="valid"' in verified and "NASCM Annual Meeting 2009" in verified
    assert "Jordan A. Lee, MD" in verified and "Blood culture workshop" in verified
    attendee = signed_in(server, "attendee01")  # another learner reaches none of it
    with pytest.raises(urllib.error.HTTPError) as refused:
        attendee.open(server + certificates[0])
    assert refused.value.code == 404


def test_the_course_team_finds_both_exports_with_rows_and_statements_point_at_the_port(server):
    """The README's course-team address works; PARS and CPE Monitor have rows; statements print this port."""
    server, log = server
    instructor = signed_in(server, "instructor")
    course = "course-v1:NASCM+AM26+2026"
    overview = instructor.open(f"{server}/ce/staff/courses/{course}/").read().decode()
    assert 'data-count="claims">16<' in overview
    exports = instructor.open(f"{server}/ce/staff/courses/{course}/exports/").read().decode()
    ready = dict(re.findall(r'data-export="(\w+)">.*?data-ready="(\d+)"', exports, re.S))
    assert int(ready["pars"]) >= 6 and int(ready["cpe"]) == 3, ready
    assert "Prepare the PARS file" in exports and "Prepare the CPE Monitor file" in exports
    assert 'data-missing="attendee04"' in exports  # the physician who gave neither licence nor board ID

    attendee = signed_in(server, "attendee13")  # a pharmacist who finalized while `make demo` seeded
    import io  # pylint: disable=import-outside-toplevel

    from pypdf import PdfReader  # pylint: disable=import-outside-toplevel
    pdf = attendee.open(f"{server}/ce/courses/{course}/statement.pdf").read()
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    port = urllib.parse.urlsplit(server).port
    assert f"Verify this statement at http://127.0.0.1:{port}/ce/verify/" in text
    assert "Statement of continuing pharmacy education credit" in text
    # the QR code on the statement encodes the same address: the statement's HTML holds that code's SVG
    import json  # pylint: disable=import-outside-toplevel
    import sqlite3  # pylint: disable=import-outside-toplevel

    import segno  # pylint: disable=import-outside-toplevel

    from ce_plugin.statements import render_html  # pylint: disable=import-outside-toplevel
    with sqlite3.connect(log.parent / "demo.sqlite3") as db:
        snapshot = json.loads(db.execute("SELECT snapshot FROM ce_plugin_statement LIMIT 1").fetchone()[0])
    address = f"http://127.0.0.1:{port}/ce/verify/{snapshot['verification_code']}/"
    assert snapshot["verify_url"] == address
    assert segno.make(address, error="m").svg_inline(scale=2, omitsize=True) in render_html(snapshot)
