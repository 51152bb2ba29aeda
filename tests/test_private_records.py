"""
Learners' records stay private: statements and report files live in a storage of their own, outside
``MEDIA_ROOT``, under random names, and every download goes through a view that checks who asks.
"""
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.checks import records_are_private
from ce_plugin.models import LearnerClaim, ReportJob, Statement
from ce_plugin.statuses import ClaimStatus
from ce_plugin.storage import PrivateFileSystemStorage, records_storage
from tests import factories
from tests.helpers import pdf_text
from tests.test_records import finalize
from tests.test_staff import enrol, staff_url


@pytest.fixture
def records(client, activity, statement_type, instructor, now, django_capture_on_commit_callbacks):
    """A learner's rendered statement and a built roster (names, e-mails, codes): every kind of stored file."""
    learner = enrol(activity, "owner")
    with django_capture_on_commit_callbacks(execute=True):
        finalize(learner, activity, statement_type, {factories.SessionFactory(activity=activity): "1"}, now)
        client.force_login(instructor)
        client.post(staff_url(activity, "start-report", "roster"))
    client.logout()
    statement, job = Statement.objects.get(), ReportJob.objects.get()
    assert statement.pdf and job.file
    return {"learner": learner, "statement": statement, "job": job}


def test_files_live_in_the_private_storage_under_random_names(client, records):
    statement, job = records["statement"], records["job"]
    for stored in (statement.pdf, job.file):
        assert isinstance(stored.storage, PrivateFileSystemStorage)
        assert stored.storage.exists(stored.name) and not default_storage.exists(stored.name)
        assert not str(stored.path).startswith(str(settings.MEDIA_ROOT))
        with pytest.raises(Exception):  # noqa: B017 - no public address at all
            stored.url  # noqa: B018
        # Where /media is served (the dev host serves it, as Tutor's LMS does), the name leads nowhere.
        assert client.get(settings.MEDIA_URL + stored.name).status_code == 404
    assert statement.verification_code not in statement.pdf.name
    assert job.activity.course_key.course not in job.file.name and "roster" not in job.file.name
    assert len(statement.pdf.name.rsplit("/", 1)[-1]) >= 32 + len(".pdf")


def test_downloads_check_who_asks(client, activity, records):
    statement_url = reverse("ce_plugin:statement-pdf", args=[str(activity.course_key)])
    report_url = staff_url(activity, "report-file", records["job"].id)
    admin_url = reverse("admin:ce_plugin_statement_pdf", args=[records["statement"].id])
    anonymous = [client.get(url) for url in (statement_url, report_url, admin_url)]
    assert [r.status_code for r in anonymous] == [302, 302, 302]  # each to a sign-in page
    assert all("login" in r.url for r in anonymous)
    other = enrol(activity, "another-learner")
    client.force_login(other)
    own = client.get(statement_url)
    assert own.status_code == 404  # their own statement: they have none; never someone else's
    assert client.get(report_url).status_code == 403
    assert client.get(admin_url).status_code == 302  # not staff: the admin sends them to sign in
    client.force_login(records["learner"])
    mine = client.get(statement_url)
    assert mine.status_code == 200 and records["statement"].verification_code in pdf_text(mine.content)
    assert client.get(report_url).status_code == 403
    client.force_login(factories.UserFactory(username="superuser", is_staff=True, is_superuser=True))
    assert client.get(admin_url).status_code == 200
    detail = client.get(reverse("admin:ce_plugin_statement_change", args=[records["statement"].id]))
    assert detail.status_code == 200 and admin_url in detail.content.decode()


def test_a_records_folder_inside_media_root_fails_the_system_check(tmp_path, settings):
    field = Statement._meta.get_field("pdf")
    settings.MEDIA_ROOT = str(tmp_path)
    original = field.storage
    try:
        field.storage = FileSystemStorage(location=str(tmp_path / "ce_records"))
        assert [error.id for error in records_are_private(None)] == ["ce_plugin.E001"]
        field.storage = PrivateFileSystemStorage(location=str(tmp_path.parent / "elsewhere"))
        assert records_are_private(None) == []
    finally:
        field.storage = original


def test_the_records_storage_is_configurable(settings, tmp_path):
    settings.CE_RECORDS_STORAGE = {"BACKEND": "django.core.files.storage.InMemoryStorage", "OPTIONS": {}}
    assert type(records_storage()).__name__ == "InMemoryStorage"
    settings.CE_RECORDS_STORAGE = None
    settings.CE_RECORDS_ROOT = str(tmp_path / "records")
    assert records_storage().location == str(tmp_path / "records")


@pytest.mark.django_db(transaction=True)
def test_existing_files_move_out_of_media_with_the_migration(activity, statement_type, enrolled):
    """Files written to the default storage by earlier versions move to the private storage, renamed."""
    executor = MigrationExecutor(connection)
    executor.migrate([("ce_plugin", "0007_records_integrity")])
    old_apps = executor.loader.project_state([("ce_plugin", "0007_records_integrity")]).apps
    OldStatement = old_apps.get_model("ce_plugin", "Statement")
    default_storage.save("ce_statements/2026/06/statement-K7QM-2XRD-9PWA.pdf", ContentFile(b"%PDF-1.7 old"))
    row = OldStatement.objects.create(user_id=enrolled.id, activity_id=activity.id, verification_code="K7QM-2XRD-9PWA",
                                      snapshot={}, issued_at=activity.claim_opens_at,
                                      pdf="ce_statements/2026/06/statement-K7QM-2XRD-9PWA.pdf")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    moved = Statement.objects.get(id=row.id)
    assert not default_storage.exists("ce_statements/2026/06/statement-K7QM-2XRD-9PWA.pdf")
    assert "K7QM" not in moved.pdf.name and records_storage().open(moved.pdf.name).read() == b"%PDF-1.7 old"


# --- one valid statement per claim ----------------------------------------------------------------------


def test_a_finalized_claim_cannot_be_reopened(client, activity, statement_type, enrolled, now):
    finalize(enrolled, activity, statement_type, {factories.SessionFactory(activity=activity): "1"}, now)
    claim = LearnerClaim.objects.get()
    claim.status = ClaimStatus.IN_PROGRESS
    with pytest.raises(errors.ClaimFinalizedError):
        claim.save()
    admin = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:ce_plugin_learnerclaim_change", args=[claim.id])
    page = client.get(url).content.decode()
    assert 'name="status"' not in page  # shown, not editable
    client.post(url, {"status": "in_progress", "finalized_at_0": "", "finalized_at_1": "", "_save": "Save"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.FINALIZED


def test_the_database_allows_one_valid_statement_per_learner_and_activity(activity, statement_type, enrolled, now):
    finalize(enrolled, activity, statement_type, {factories.SessionFactory(activity=activity): "1"}, now)
    first = Statement.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.create(user=enrolled, activity=activity, verification_code="SECO-NDVA-LIDX", snapshot={},
                                 issued_at=now)
    # Even a claim forced back to "in progress" behind the model's back cannot finalize a second time.
    LearnerClaim.objects.update(status=ClaimStatus.IN_PROGRESS)
    with pytest.raises(errors.StatementAlreadyIssued):
        api.finalize_claim(enrolled, activity.course_key, now=now)
    assert list(Statement.objects.values_list("id", flat=True)) == [first.id]
    assert len(api.get_transcript(enrolled).entries) == 1
    # The documented correction: a staff reissue revokes the old statement and issues one new valid statement.
    api.revoke_statement(first.verification_code, "Corrected credits")
    assert Statement.objects.get(id=first.id).current is None
