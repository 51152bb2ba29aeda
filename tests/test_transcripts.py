"""The transcript PDF: built by a worker, stored, served while nothing it shows changed, rebuilt when it did."""
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.models import CreditType, ExternalCredit, Statement, TranscriptFile
from ce_plugin.services import transcripts
from tests import factories
from tests.helpers import pdf_text


@pytest.fixture
def holder(enrolled, activity, statement_type, now):
    session = factories.SessionFactory(activity=activity, title="Rapid diagnostics")
    with freeze_time(now):
        api.select_statement_type(enrolled, activity.course_key, statement_type.id)
        api.record_session_claims(enrolled, activity.course_key, {session.usage_key: "1"})
        api.finalize_claim(enrolled, activity.course_key)
    return enrolled


BUILD = "ce_plugin.build_transcript"


def many_statements(user, count):
    """``count`` statements of past meetings, each with a snapshot of the real shape."""
    snapshot = Statement.objects.get(user=user).snapshot
    Statement.objects.bulk_create([Statement(
        user=user, verification_code=f"PAST-{n:04d}-XXXX", issued_at=timezone.now() - timedelta(days=n),
        snapshot={**snapshot, "verification_code": f"PAST-{n:04d}-XXXX",
                  "activity": {**snapshot["activity"], "title": f"Past meeting {n}"}}) for n in range(count)])


def test_with_workers_the_download_waits_for_the_worker_then_serves_the_stored_file(client, holder, workers):
    client.force_login(holder)
    url = reverse("ce_plugin:transcript-pdf")
    waiting = client.get(url)
    assert waiting.status_code == 202 and waiting["Retry-After"] == "5" and workers[BUILD] == [holder.id]
    assert "Your transcript is being prepared" in waiting.content.decode() and not TranscriptFile.objects.exists()
    api.build_transcript_file(holder.id)  # the worker
    served = client.get(url)
    statement = Statement.objects.get()
    assert served.status_code == 200 and statement.verification_code in pdf_text(served.content)


def test_a_stored_transcript_is_served_without_rendering_in_a_fixed_number_of_queries(
        client, holder, workers, monkeypatch):
    many_statements(holder, 300)
    ExternalCredit.objects.bulk_create([ExternalCredit(
        user=holder, provider="Other Society", title=f"Webinar {n}", completed_on=date(2025, 1, 1) + timedelta(days=n),
        credit_type=CreditType.objects.get(code="ama-pra-1"), amount="1.00") for n in range(300)])
    api.build_transcript_file(holder.id)
    monkeypatch.setattr(transcripts, "html_to_pdf", lambda *a, **k: pytest.fail("rendered in the request"))
    with CaptureQueriesContext(connection) as queries:
        content = api.get_transcript_pdf(holder)
    assert len(queries) <= 4  # the stored file, the name, the statements and the external credit: flat in their count
    text = pdf_text(content)
    assert "Past meeting 0" in text and "Past meeting 299" in text and "PAST-0299-XXXX" in text
    assert "Webinar 0" in text and "Webinar 299" in text and "300.00 AMA PRA Category 1 Credits™" in text


def test_issuing_or_revoking_a_statement_queues_a_rebuild_and_the_old_file_is_never_served(
        client, holder, workers, django_capture_on_commit_callbacks):
    api.build_transcript_file(holder.id)
    first = TranscriptFile.objects.get().pdf.name
    code = Statement.objects.get().verification_code
    with django_capture_on_commit_callbacks(execute=True):
        api.revoke_statement(code, "Issued in error")
    assert workers[BUILD] == [holder.id]
    client.force_login(holder)
    assert client.get(reverse("ce_plugin:transcript-pdf")).status_code == 202  # stale: not served
    with django_capture_on_commit_callbacks(execute=True):
        api.build_transcript_file(holder.id)
    assert "revoked" in pdf_text(client.get(reverse("ce_plugin:transcript-pdf")).content)
    row = TranscriptFile.objects.get()
    assert row.pdf.name != first and not row.pdf.storage.exists(first)  # the old file is deleted


def test_a_changed_name_rebuilds_and_a_current_transcript_is_not_rebuilt(holder, workers, monkeypatch):
    from devhost_platform.models import LearnerProfile
    api.build_transcript_file(holder.id)
    built = TranscriptFile.objects.get().built_at
    api.build_transcript_file(holder.id)
    assert TranscriptFile.objects.get().built_at == built
    LearnerProfile.objects.update_or_create(user=holder, defaults={"name": "Dr. Jordan Lee-Smith"})
    with pytest.raises(errors.TranscriptNotReady):
        api.get_transcript_pdf(holder)
    api.build_transcript_file(holder.id)
    assert "Dr. Jordan Lee-Smith" in pdf_text(api.get_transcript_pdf(holder))


def test_where_tasks_run_in_place_the_download_builds_it_once(client, holder, monkeypatch):
    client.force_login(holder)
    response = client.get(reverse("ce_plugin:transcript-pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert TranscriptFile.objects.count() == 1
    monkeypatch.setattr(transcripts, "html_to_pdf", lambda *a, **k: pytest.fail("rendered again"))
    assert client.get(reverse("ce_plugin:transcript-pdf")).content == response.content


def test_retirement_deletes_the_transcript_file(holder, django_capture_on_commit_callbacks):
    api.build_transcript_file(holder.id)
    row = TranscriptFile.objects.get()
    name, storage = row.pdf.name, row.pdf.storage
    with django_capture_on_commit_callbacks(execute=True):
        api.retire_user(holder)
    assert not TranscriptFile.objects.exists() and not storage.exists(name)


def test_one_build_is_queued_for_changes_before_it_starts(holder, workers, django_capture_on_commit_callbacks):
    code = Statement.objects.get().verification_code
    with django_capture_on_commit_callbacks(execute=True):
        api.revoke_statement(code, "Issued in error")
    with django_capture_on_commit_callbacks(execute=True):
        transcripts.statements_changed(holder.id)
    assert workers[BUILD] == [holder.id]  # the second change rides on the queued build
    api.build_transcript_file(holder.id)  # started: the next change queues again
    with django_capture_on_commit_callbacks(execute=True):
        transcripts.statements_changed(holder.id)
    assert workers[BUILD] == [holder.id, holder.id]
