"""Statements in bulk: the CE office issues, reissues and revokes for a selection or a whole activity, in tasks."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.models import AuditEvent, LearnerClaim, SessionClaim, Statement, StatementJob, StatementJobItem
from tests import factories
from tests.helpers import pdf_text


@pytest.fixture
def meeting(activity, statement_type, now):
    """Six learners: four finalized (statements issued), two with credits claimed and not finalized."""
    sessions = [factories.SessionFactory(activity=activity, title=f"Talk {n}") for n in range(2)]
    course = factories.CourseFactory._meta.model.objects.get(course_key=activity.course_key)
    learners = []
    for n in range(6):
        user = factories.UserFactory(username=f"attendee{n}")
        factories.EnrollmentFactory(user=user, course=course)
        with freeze_time(now):
            api.select_statement_type(user, activity.course_key, statement_type.id)
            api.record_session_claims(user, activity.course_key, {s.usage_key: "0.5" for s in sessions})
            if n < 4:
                api.finalize_claim(user, activity.course_key)
        learners.append(user)
    return learners


@pytest.fixture
def staff(instructor, client):
    client.force_login(instructor)
    return instructor


def start(client, activity, kind, reason, capture):
    url = reverse("ce_plugin:staff-statements", args=[str(activity.course_key)])
    with capture(execute=True):
        response = client.post(url, {"kind": kind, "reason": reason})
    return response


def test_the_page_counts_what_each_job_would_take(client, activity, meeting, staff):
    page = client.get(reverse("ce_plugin:staff-statements", args=[str(activity.course_key)])).content.decode()
    assert "Issue statements to the 2 learners who claimed credit and have none" in page
    assert "Reissue the 4 valid statements" in page and "Revoke the 4 valid statements" in page


def test_reissuing_a_whole_activity_runs_in_tasks_and_renders_every_statement(
        client, activity, meeting, staff, django_capture_on_commit_callbacks):
    before = set(Statement.objects.values_list("verification_code", flat=True))
    activity.accreditation_statement = "Corrected: accredited by the ACCME to provide CME for physicians."
    activity.save()
    response = start(client, activity, "reissue", "Accreditation statement corrected",
                     django_capture_on_commit_callbacks)
    job = StatementJob.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/statements/jobs/{job.id}/")
    assert job.total == 4 and job.finished_at is not None and job.created_by == staff
    old = Statement.objects.filter(verification_code__in=before)
    assert all(s.revoked_reason == "Reissued: Accreditation statement corrected" for s in old)
    new = Statement.objects.exclude(verification_code__in=before)
    assert new.count() == 4 and all(s.pdf and s.revoked_at is None and s.issued_by == staff for s in new)
    with new.first().pdf.open("rb") as handle:
        assert "Corrected: accredited by the ACCME" in pdf_text(handle.read())
    progress = client.get(response.url, HTTP_ACCEPT="application/json").json()
    assert progress == {"status": "done", "status_label": "Done", "done": 4, "succeeded": 4, "failed": 0,
                        "total": 4, "percent": 100}
    started = AuditEvent.objects.get(action="statement_job_started")
    assert started.actor == staff and started.details["reason"] == "Accreditation statement corrected"
    assert AuditEvent.objects.filter(action="statement_issued", actor=staff).count() == 4


def test_issuing_takes_learners_without_a_statement_and_revoking_takes_the_valid_ones(
        client, activity, meeting, staff, django_capture_on_commit_callbacks):
    start(client, activity, "issue", "Claims closed by the CE office", django_capture_on_commit_callbacks)
    assert set(Statement.objects.filter(revoked_at__isnull=True).values_list("user__username", flat=True)) == \
        {f"attendee{n}" for n in range(6)}
    assert LearnerClaim.objects.filter(status="finalized").count() == 6
    start(client, activity, "revoke", "Activity withdrawn", django_capture_on_commit_callbacks)
    assert not Statement.objects.filter(revoked_at__isnull=True).exists()
    assert set(Statement.objects.values_list("revoked_reason", flat=True)) == {"Activity withdrawn"}


def test_a_reason_and_a_known_kind_are_required(client, activity, meeting, staff, django_capture_on_commit_callbacks):
    refused = start(client, activity, "reissue", "  ", django_capture_on_commit_callbacks)
    assert refused.status_code == 400 and "A reason is required." in refused.content.decode()
    refused = start(client, activity, "delete", "Because", django_capture_on_commit_callbacks)
    assert refused.status_code == 400 and "Choose issue, reissue or revoke." in refused.content.decode()
    assert not StatementJob.objects.exists()
    Statement.objects.update(revoked_at="2026-01-01T00:00Z", current=None)
    refused = start(client, activity, "revoke", "Nothing left", django_capture_on_commit_callbacks)
    assert refused.status_code == 400 and "No learner to act on." in refused.content.decode()


def test_a_chunk_delivered_twice_issues_nothing_twice(activity, meeting, instructor):
    job = api.start_statement_job(instructor, activity.course_key, "reissue", "Corrected")  # tasks not yet run
    ids = list(StatementJobItem.objects.values_list("id", flat=True))
    assert api.process_statement_job(job.id, ids) == 4
    assert api.process_statement_job(job.id, ids) == 0
    assert Statement.objects.count() == 8 and Statement.objects.filter(revoked_at__isnull=True).count() == 4
    assert api.get_statement_job(activity.course_key, job.id).status == "done"


def test_learners_that_cannot_be_acted_on_are_listed_with_why(
        client, activity, meeting, staff, django_capture_on_commit_callbacks):
    SessionClaim.objects.filter(claim__user=meeting[5]).update(credits="9")  # beyond the session's maximum
    start(client, activity, "issue", "Close the claims", django_capture_on_commit_callbacks)
    job = StatementJob.objects.get()
    data = api.get_statement_job(activity.course_key, job.id)
    assert (data.done, data.failed) == (1, 1) and data.failures[0].username == "attendee5"
    page = client.get(reverse("ce_plugin:staff-statement-job", args=[str(activity.course_key), job.id]))
    text = page.content.decode()
    assert "1 learner was left as they were" in text and "attendee5" in text and data.failures[0].message in text
    assert not Statement.objects.filter(user=meeting[5]).exists()


def test_admin_selections_become_jobs_with_a_link_to_their_progress(
        client, activity, meeting, django_capture_on_commit_callbacks):
    admin = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    claims = LearnerClaim.objects.filter(user__in=meeting[4:])
    url = reverse("admin:ce_plugin_learnerclaim_changelist")
    data = {"action": "issue_statement", "_selected_action": list(claims.values_list("pk", flat=True)),
            "apply": "1", "reason": "Sign-in sheets checked"}
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, data, follow=True).content.decode()
    job = StatementJob.objects.get(kind="issue")
    assert "2 learners queued" in page and f"/statements/jobs/{job.id}/" in page
    assert Statement.objects.filter(user__in=meeting[4:], revoked_at__isnull=True).count() == 2
    statements = Statement.objects.filter(user__in=meeting[:2])
    url = reverse("admin:ce_plugin_statement_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "revoke_with_reason", "_selected_action": list(statements.values_list(
            "pk", flat=True)), "apply": "1", "reason": "Duplicate records"})
    assert set(statements.values_list("revoked_reason", flat=True)) == {"Duplicate records"}
    assert Statement.objects.filter(revoked_at__isnull=True).count() == 4


def test_progress_is_read_in_a_fixed_number_of_queries(activity, meeting, instructor):
    job = api.start_statement_job(instructor, activity.course_key, "reissue", "Corrected")
    with CaptureQueriesContext(connection) as queries:
        api.get_statement_job(activity.course_key, job.id)
    assert len(queries) <= 4


def test_jobs_of_another_activity_or_none_are_not_found(activity, meeting, instructor):
    job = api.start_statement_job(instructor, activity.course_key, "revoke", "Withdrawn")
    other = factories.ActivityFactory()
    for course_key, job_id in ((other.course_key, job.id), (activity.course_key, "nope"),
                               (activity.course_key, "00000000-0000-0000-0000-000000000000")):
        with pytest.raises(errors.NotFoundError):
            api.get_statement_job(course_key, job_id)


def test_with_real_workers_a_missing_pdf_is_queued_and_never_rendered_in_the_request(
        client, activity, meeting, instructor, workers):
    queued = workers["ce_plugin.render_statement"]
    statement = Statement.objects.filter(user=meeting[0]).get()
    assert not statement.pdf  # the test's tasks never ran after commit
    client.force_login(meeting[0])
    response = client.get(reverse("ce_plugin:statement-pdf", args=[str(activity.course_key)]))
    assert response.status_code == 202 and response["Retry-After"] == "5"
    assert "Your statement is being prepared" in response.content.decode() and queued == [statement.id]
    statement.refresh_from_db()
    assert not statement.pdf
    client.force_login(instructor)
    staff = client.get(reverse("ce_plugin:staff-statement", args=[str(activity.course_key),
                                                                  statement.verification_code]))
    assert staff.status_code == 202 and queued == [statement.id, statement.id]
    api.render_statement(statement.id)  # the worker's turn
    client.force_login(meeting[0])
    response = client.get(reverse("ce_plugin:statement-pdf", args=[str(activity.course_key)]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_jobs_worker_renders_its_statements_itself_and_queues_no_render_task(activity, meeting, instructor,
                                                                               workers,
                                                                               django_capture_on_commit_callbacks):
    queued = workers["ce_plugin.render_statement"]
    job = api.start_statement_job(instructor, activity.course_key, "reissue", "Corrected")
    with django_capture_on_commit_callbacks(execute=True):
        api.process_statement_job(job.id, list(StatementJobItem.objects.values_list("id", flat=True)))
    new = Statement.objects.filter(revoked_at__isnull=True)
    assert new.count() == 4 and all(statement.pdf for statement in new)
    assert queued == []  # another worker would only wait on this one's row lock


@pytest.mark.parametrize("lines", [10, 40])
def test_a_staff_issue_takes_the_same_queries_whatever_the_number_of_lines(enrolled, activity, statement_type,
                                                                          instructor, lines):
    from datetime import timedelta
    from decimal import Decimal
    sessions = [factories.SessionFactory(activity=activity, title=f"Talk {n}",
                                         starts_at=factories.MEETING_START + timedelta(hours=n),
                                         ends_at=factories.MEETING_START + timedelta(hours=n, minutes=50))
                for n in range(lines)]
    pairs = [(s.usage_key, "0.5") for s in sessions]
    api.issue_staff_statement(instructor, enrolled, activity.course_key, statement_type.id, pairs, "First")
    changed = pairs[:-2] + [(pairs[-2][0], "0.25")]  # one line changed, one removed
    with CaptureQueriesContext(connection) as queries:
        issued = api.issue_staff_statement(instructor, enrolled, activity.course_key, statement_type.id, changed,
                                           "Corrected")
    assert len(queries) <= 30, len(queries)  # one write per kind of change, not one per line (254 at 40 lines)
    assert issued.snapshot["total"] == str(Decimal("0.5") * (lines - 2) + Decimal("0.25"))
    assert SessionClaim.objects.filter(claim__user=enrolled).count() == lines - 1
