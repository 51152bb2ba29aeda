"""Statements as records: immutable snapshots, designs per credit type, PDF/A, verification, transcript."""
import hashlib
import io
from datetime import datetime, timedelta
from datetime import timezone as tz

import pytest
from django.urls import reverse
from freezegun import freeze_time
from pypdf import PdfReader

from ce_plugin import api, pdf, signals
from ce_plugin import exceptions as errors
from ce_plugin.models import AuditEvent, CESession, CreditType, Statement, StatementType
from devhost_platform.models import Course, LearnerProfile
from tests import factories
from tests.helpers import pdf_text

START = factories.MEETING_START


def finalize(user, activity, statement_type, sessions, now, profile=None):
    """Claim ``sessions`` ({session: credits}) under ``statement_type`` and finalize; returns the statement data."""
    with freeze_time(now):
        api.select_statement_type(user, activity.course_key, statement_type.id, profile)
        api.record_session_claims(user, activity.course_key, {s.usage_key: c for s, c in sessions.items()})
        api.finalize_claim(user, activity.course_key)
    return api.get_statement(user, activity.course_key)


@pytest.fixture
def issued(enrolled, activity, statement_type, now):
    activity.location, activity.accreditation_statement = "Boston, MA", "Test Society is accredited by the ACCME."
    activity.provider_address = "1 Harbor St, Boston, MA"
    activity.save()
    LearnerProfile.objects.create(user=enrolled, name="Jordan A. Lee, MD")
    session = factories.SessionFactory(activity=activity, title="Rapid diagnostics")
    return finalize(enrolled, activity, statement_type, {session: "1"}, now)


def test_an_issued_statement_never_changes(client, enrolled, activity, statement_type, issued):
    client.force_login(enrolled)
    url = reverse("ce_plugin:statement-pdf", args=[str(activity.course_key)])
    before = client.get(url).content
    snapshot = Statement.objects.get().snapshot
    # Edit everything the statement shows.
    Course.objects.filter(course_key=activity.course_key).update(title="Renamed course")
    activity.title, activity.provider_name, activity.location = "Renamed meeting", "Other Society", "Online"
    activity.accreditation_statement, activity.start_date = "Changed.", activity.start_date - timedelta(days=40)
    activity.save()
    CESession.objects.update(title="Renamed session", starts_at=START + timedelta(days=3), ends_at=START + timedelta(
        days=3, hours=2))
    CreditType.objects.filter(code="ama-pra-1").update(designation_template="Changed {max_credits}.",
                                                        unit_label="points", statement_design="pace")
    StatementType.objects.update(name="Renamed statement")
    LearnerProfile.objects.filter(user=enrolled).update(name="Someone Else")
    after = client.get(url).content
    assert after == before
    assert hashlib.sha256(after).hexdigest() == Statement.objects.get().pdf_sha256
    assert Statement.objects.get().snapshot == snapshot
    text = pdf_text(after)
    assert "Jordan A. Lee, MD" in text and "Rapid diagnostics" in text and "Renamed" not in text
    # Rendering the snapshot again gives the same text (bytes differ only by PDF timestamps).
    from ce_plugin.statements import render_pdf
    assert pdf_text(render_pdf(snapshot)) == text


def test_statement_is_archival_and_tagged(enrolled, activity, issued):
    reader = PdfReader(io.BytesIO(api.get_statement_file(enrolled, activity.course_key).content))
    xmp = reader.xmp_metadata
    assert xmp is not None
    part = xmp.get_element("", "http://www.aiim.org/pdfa/ns/id/", "part")
    conformance = xmp.get_element("", "http://www.aiim.org/pdfa/ns/id/", "conformance")
    assert [x.value for x in part] == ["2"] and [x.value for x in conformance] == ["A"]
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root


def test_the_qr_code_and_verification_address_are_on_the_statement(enrolled, activity, issued):
    snapshot = Statement.objects.get().snapshot
    assert snapshot["verify_url"].endswith(f"/ce/verify/{issued.verification_code}/")
    text = pdf_text(api.get_statement_file(enrolled, activity.course_key).content)
    assert f"Verify this statement at {snapshot['verify_url']}" in text


DESIGN_FIELDS = {
    "participation": ["Certificate of participation", "participated in the educational activity",
                      "This activity was designated for a maximum of 1.00 AMA PRA Category 1 Credits™ by "
                      "Test Society."],
    "ancc": ["Certificate of nursing contact hours", "Contact hours awarded: 1.00",
             "Provider: Test Society, 1 Harbor St",
             "Licence RN12345 (MA)",
             "is accredited as a provider of nursing continuing professional development by the "
             "American Nurses Credentialing Center's Commission on Accreditation."],
    "acpe": ["Statement of continuing pharmacy education credit", "ACPE UAN 0001-0000-26-001-L01-P",
             "NABP e-Profile ID 1234567", "Contact hours: 1.00"],
    "pace": ["Certificate of P.A.C.E.® contact hours", "P.A.C.E.® contact hours: 1.00",
             "approved as a provider of continuing education programs in the clinical laboratory sciences"],
    "ama-pra-1": ["Statement of credit", "Total: 1.00 AMA PRA Category 1 Credits™", "Physicians should claim only the "
                  "credit commensurate with the extent of their participation in the activity."],
}
PROFILES = {"ancc": {"license_number": "RN12345", "license_state": "ma"},
            "acpe": {"nabp_eprofile_id": "1234567", "birth_mmdd": "0731"}}


@pytest.mark.parametrize("code", sorted(DESIGN_FIELDS))
def test_each_credit_type_statement_shows_what_its_accreditor_requires(enrolled, activity, now, code):
    activity.provider_address, activity.acpe_uan = "1 Harbor St, Boston, MA", "0001-0000-26-001-L01-P"
    activity.save()
    statement_type = factories.StatementTypeFactory(activity=activity, name=f"Statement {code}",
                                                    credit_type=CreditType.objects.get(code=code))
    session = factories.SessionFactory(activity=activity, title="Rapid diagnostics",
                                       ends_at=START + timedelta(minutes=60 if code != "pace" else 50))
    finalize(enrolled, activity, statement_type, {session: "1"}, now, PROFILES.get(code))
    text = pdf_text(api.get_statement_file(enrolled, activity.course_key).content)
    common = ["Jordan Lee", activity.title, "10 June 2026 – 13 June 2026", "Rapid diagnostics", "10 June 2026",
              "Test Society", Statement.objects.get().verification_code]
    for expected in common + DESIGN_FIELDS[code]:
        assert expected in text, expected


def test_the_renderer_fetches_only_packaged_files():
    data, mime = pdf.packaged_file("ce-static:ce_plugin/fonts/DejaVuSans.ttf")
    assert len(data) > 100_000 and mime.startswith("font/")
    for url in ("http://example.org/logo.png", "https://example.org/x.css", "file:///etc/passwd",
                "ce-static:../../../etc/passwd", "ce-static:ce_plugin/fonts/missing.ttf"):
        with pytest.raises(pdf.BlockedURL):
            pdf.packaged_file(url)
    with pytest.raises(pdf.BlockedURL, match="example.org"):
        pdf.html_to_pdf('<img src="http://example.org/tracker.png">')


# --- verification ------------------------------------------------------------------------------

def test_verify_a_valid_statement_shows_only_the_issued_facts(client, enrolled, issued):
    page = client.get(reverse("ce_plugin:verify", args=[issued.verification_code.lower().replace("-", "")]))
    body = page.content.decode()
    assert page.status_code == 200 and 'data-result="valid"' in body
    for expected in ("Jordan A. Lee, MD", "Annual Meeting", "1.00", "Rapid diagnostics", issued.verification_code,
                     Statement.objects.get().pdf_sha256 or issued.verification_code):
        assert expected in body
    for private in (enrolled.email, enrolled.username + "@", "license"):
        assert private not in body


def test_verify_a_revoked_statement(client, issued, enrolled, django_capture_on_commit_callbacks):
    received = []
    signals.statement_revoked.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="t-revoked")
    try:
        revoked_at = datetime(2026, 7, 1, tzinfo=tz.utc)
        with django_capture_on_commit_callbacks(execute=True):
            api.revoke_statement(issued.verification_code, "Attendance not confirmed", now=revoked_at)
    finally:
        signals.statement_revoked.disconnect(dispatch_uid="t-revoked")
    body = client.get(reverse("ce_plugin:verify", args=[issued.verification_code])).content.decode()
    assert 'data-result="revoked"' in body and "revoked on 1 July 2026" in body
    assert "Attendance not confirmed" not in body
    assert Statement.objects.get().revoked_reason == "Attendance not confirmed"
    assert received and received[0]["verification_code"] == issued.verification_code


def test_verify_an_unknown_code_reveals_nothing(client, issued):
    page = client.get(reverse("ce_plugin:verify", args=["AAAA-BBBB-CCCC"]))
    body = page.content.decode()
    assert page.status_code == 404 and "No statement with this code was found." in body
    assert "Jordan" not in body and "Annual Meeting" not in body


def test_verify_is_throttled_against_enumeration(client, issued, settings):
    settings.CE_VERIFY_RATE_LIMIT = 3
    for code in ("AAAA-BBBB-CCCC", "AAAA-BBBB-CCCD", "AAAA-BBBB-CCCE"):
        assert client.get(reverse("ce_plugin:verify", args=[code])).status_code == 404
    page = client.get(reverse("ce_plugin:verify", args=[issued.verification_code]))
    assert page.status_code == 429 and "Jordan" not in page.content.decode()
    other = client.get(reverse("ce_plugin:verify", args=[issued.verification_code]), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


# --- transcript --------------------------------------------------------------------------------

def test_transcript_totals_per_year_and_credit_type(client, enrolled, django_assert_max_num_queries):
    admin = factories.UserFactory(username="cme-office", is_staff=True)
    specs = [  # (year, credit type, credits, staff issued, revoked)
        (2025, "ama-pra-1", "2.00", False, False), (2025, "ama-pra-1", "1.50", True, False),
        (2025, "pace", "3.00", False, False), (2026, "ama-pra-1", "4.00", False, False),
        (2026, "ama-pra-1", "9.00", False, True),
    ]
    for index, (year, code, credits, staff, revoked) in enumerate(specs):
        title = f"Annual Meeting of the Society of Clinical Microbiology, part {index}"  # long: the table wraps
        activity = factories.ActivityFactory(title=title, claim_opens_at=None, claim_closes_at=None)
        factories.EnrollmentFactory(user=enrolled, course=Course.objects.get(course_key=activity.course_key))
        st = factories.StatementTypeFactory(activity=activity, credit_type=CreditType.objects.get(code=code))
        start = datetime(year, 5, 1, 9, tzinfo=tz.utc)
        session = factories.SessionFactory(activity=activity, starts_at=start, ends_at=start + timedelta(hours=9))
        when = start + timedelta(days=3)
        if staff:
            api.issue_staff_statement(admin, enrolled, activity.course_key, st.id, [(session.usage_key, credits)],
                                      "Past meeting, confirmed by sign-in sheet", now=when)
        else:
            finalize(enrolled, activity, st, {session: credits}, when)
        if revoked:
            api.revoke_statement(api.get_statement(enrolled, activity.course_key).verification_code, "Duplicate")
    with django_assert_max_num_queries(2):
        transcript = api.get_transcript(enrolled)
    totals = {(row.year, row.credit_type_code): str(row.total) for row in transcript.by_year}
    assert totals == {(2025, "ama-pra-1"): "3.50", (2025, "pace"): "3.00", (2026, "ama-pra-1"): "4.00"}
    assert {row.credit_type_code: str(row.total) for row in transcript.overall} == {"ama-pra-1": "7.50",
                                                                                     "pace": "3.00"}
    assert len(transcript.entries) == 5 and sum(e.staff_issued for e in transcript.entries) == 1
    client.force_login(enrolled)
    page = client.get(reverse("ce_plugin:transcript")).content.decode()
    assert 'data-year="all" data-credit-type="ama-pra-1"' in page and "7.50" in page and "Download as PDF" in page
    assert "issued by the CE office" in page and "revoked" in page
    document = client.get(reverse("ce_plugin:transcript-pdf"))
    text = pdf_text(document.content)
    assert "Completed credits and certificates" in text and "7.50" in text and "Microbiology, part 1" in text
    for entry in transcript.entries:  # each code reads in one piece, never broken across lines
        assert entry.verification_code in text, entry.verification_code


def test_an_empty_transcript_offers_no_pdf(client, enrolled):
    client.force_login(enrolled)
    page = client.get(reverse("ce_plugin:transcript")).content.decode()
    assert "You have no statement of credit yet." in page and "Download as PDF" not in page


def test_transcript_queries_do_not_grow_with_statements(enrolled, django_assert_max_num_queries):
    for index in range(12):
        Statement.objects.create(user=enrolled, verification_code=f"CODE-{index:04d}-XXXX", issued_at=START, snapshot={
            "activity": {"course_key": "course-v1:A+B+C", "title": f"M{index}"}, "total": "1.00",
            "statement_type": {"name": "AMA", "credit_type": {"code": "ama-pra-1", "name": "AMA", "unit_label": "c"}},
            "completion_date": "2026-06-10"})
    with django_assert_max_num_queries(1):
        assert len(api.get_transcript(enrolled).entries) == 12


def test_staff_reissue_keeps_the_old_record_and_its_reason(enrolled, activity, statement_type, issued, now):
    admin = factories.UserFactory(username="cme-office", is_staff=True)
    session = CESession.objects.get()
    new = api.issue_staff_statement(admin, enrolled, activity.course_key, statement_type.id,
                                    [(session.usage_key, "0.5")], "Learner left early", now=now)
    old = Statement.objects.get(verification_code=issued.verification_code)
    assert old.revoked_reason == "Reissued: Learner left early"
    current = Statement.objects.get(verification_code=new.verification_code)
    assert current.replaces == old and current.issued_by == admin and current.staff_reason == "Learner left early"
    assert new.snapshot["total"] == "0.50" and new.snapshot["staff_issued"] is True
    with pytest.raises(errors.InvalidInputError):
        api.issue_staff_statement(admin, enrolled, activity.course_key, statement_type.id,
                                  [(session.usage_key, "0.5")], "  ")


def test_admins_revoke_with_a_reason(client, issued, django_capture_on_commit_callbacks):
    admin = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    statement = Statement.objects.get()
    url = reverse("admin:ce_plugin_statement_changelist")
    data = {"action": "revoke_with_reason", "_selected_action": [statement.pk]}
    asked = client.post(url, data)
    assert asked.status_code == 200 and "Reason" in asked.content.decode()
    assert client.post(url, {**data, "apply": "1", "reason": ""}).status_code == 200
    statement.refresh_from_db()
    assert statement.revoked_at is None
    with django_capture_on_commit_callbacks(execute=True):  # a statement job, run by the (eager) task
        client.post(url, {**data, "apply": "1", "reason": "Duplicate record"})
    statement.refresh_from_db()
    assert statement.revoked_reason == "Duplicate record"
    assert AuditEvent.objects.filter(action="statement_revoked", actor=admin).exists()


def test_an_operator_template_overrides_a_design(enrolled, activity, issued, settings, tmp_path):
    theme = tmp_path / "ce_plugin" / "statements"
    theme.mkdir(parents=True)
    (theme / "physician.html").write_text(
        '{% extends "ce_plugin/statements/base.html" %}{% block heading %}Society certificate{% endblock %}')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]}]
    from ce_plugin.statements import render_html
    html = render_html(Statement.objects.get().snapshot)
    assert "Society certificate" in html and "Jordan A. Lee, MD" in html


def test_admins_issue_a_statement_from_a_corrected_claim(client, enrolled, activity, statement_type, issued,
                                                         django_capture_on_commit_callbacks):
    from ce_plugin.models import LearnerClaim, SessionClaim
    admin_user = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    claim = LearnerClaim.objects.get(user=enrolled)
    SessionClaim.objects.filter(claim=claim).update(credits="0.50")  # the CE office corrects the line
    url = reverse("admin:ce_plugin_learnerclaim_changelist")
    data = {"action": "issue_statement", "_selected_action": [claim.pk]}
    assert "Reason" in client.post(url, data).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # a statement job, run by the (eager) task
        client.post(url, {**data, "apply": "1", "reason": "Left at 10:30 (sign-out sheet)"})
    old = Statement.objects.get(verification_code=issued.verification_code)
    new = Statement.objects.exclude(pk=old.pk).get()
    assert old.revoked_reason == "Reissued: Left at 10:30 (sign-out sheet)"
    assert new.replaces == old and new.issued_by == admin_user and new.snapshot["total"] == "0.50"
