"""
Credit earned elsewhere, self-reported by the learner: recorded with a checked certificate file in the private
records storage, listed apart on the transcript page and PDF with totals of its own, changed and deleted by the
learner alone (audited), and gone with its files when the learner retires.
"""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.models import AuditEvent, ExternalCredit, TranscriptFile
from ce_plugin.storage import PrivateFileSystemStorage
from tests import factories
from tests.helpers import pdf_text
from tests.test_records import finalize

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
BUILD = "ce_plugin.build_transcript"


def upload(name="certificate.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def entry(user, **changes):
    """Record an entry through the api: an AMA credit from another society unless ``changes`` say otherwise."""
    values = {"provider": "Society of Hospital Medicine", "title": "Sepsis update webinar",
              "completed_on": "2026-03-14", "credit_type": "ama-pra-1", "amount": "1,5", **changes}
    return api.add_external_credit(user, **values)


@pytest.fixture
def owner(db):
    return factories.UserFactory(username="owner", first_name="Robin", last_name="Okafor")


@pytest.fixture
def stranger(db):
    return factories.UserFactory(username="stranger")


# --- recording and totals -------------------------------------------------------------------------


def test_an_entry_is_recorded_with_a_decimal_comma_and_audited(owner):
    recorded = entry(owner)
    assert recorded.amount == Decimal("1.50") and recorded.credit_type_code == "ama-pra-1"
    assert recorded.completed_on == date(2026, 3, 14) and not recorded.has_certificate
    event = AuditEvent.objects.get(action="external_credit_added")
    assert event.actor == owner and event.subject == owner
    assert event.details == {"entry": recorded.id, "credit_type": "ama-pra-1", "amount": "1.50", "certificate": False}


def test_totals_per_credit_type_add_the_learners_own_kinds_whatever_their_spelling(owner, stranger):
    entry(owner, amount="1.5")
    entry(owner, amount="2", completed_on="2025-11-02")
    entry(owner, credit_type="pace", amount="3.25")
    entry(owner, credit_type="other", other_credit_type="State CE credit (Ohio)", amount="2,25")
    entry(owner, credit_type="other", other_credit_type=" state  ce CREDIT (ohio) ", amount="1")
    entry(owner, credit_type="other", other_credit_type="ABIM MOC points", amount="10")
    entry(stranger, amount="99")
    credits = api.get_external_credits(owner)
    assert len(credits.entries) == 6
    assert [e.completed_on for e in credits.entries][-1] == date(2025, 11, 2)  # latest completed first
    assert [(t.credit_type_code, t.credit_type_name, str(t.total)) for t in credits.totals] == [
        ("ama-pra-1", "AMA PRA Category 1 Credit™", "3.50"), ("pace", "P.A.C.E.® contact hours", "3.25"),
        ("", "ABIM MOC points", "10.00"), ("", "State CE credit (Ohio)", "3.25")]


# --- refusals: a message per field, nothing stored ------------------------------------------------

FUTURE = (date.today() + timedelta(days=3)).isoformat()


@pytest.mark.parametrize("changes, field, message", [
    ({"provider": "  "}, "provider", "This field is required."),
    ({"title": "x" * 256}, "title", "At most 255 characters."),
    ({"completed_on": "14/03/2026"}, "completed_on", "Enter the date as YYYY-MM-DD."),
    ({"completed_on": FUTURE}, "completed_on", "The date cannot be in the future."),
    ({"completed_on": "1899-12-31"}, "completed_on", "Enter a date after 1900."),
    ({"credit_type": ""}, "credit_type", "Choose a credit type."),
    ({"credit_type": "made-up"}, "credit_type", "Choose one of the listed credit types."),
    ({"credit_type": "other", "other_credit_type": ""}, "other_credit_type", "This field is required."),
    ({"amount": "0"}, "amount", "Credits must be more than zero."),
    ({"amount": "-1"}, "amount", "Enter a number of credits, such as 1.5 or 1,5."),
    ({"amount": "1,500"}, "amount", "Enter a number of credits, such as 1.5 or 1,5."),
    ({"amount": "1.255"}, "amount", "Enter a number of credits, such as 1.5 or 1,5."),
    ({"amount": "1e2"}, "amount", "Enter a number of credits, such as 1.5 or 1,5."),
    ({"amount": "500.01"}, "amount", "At most 500.00 credits can be recorded for one activity."),
    ({"amount": ""}, "amount", "This field is required."),
])
def test_bad_input_is_refused_with_a_message_for_its_field(owner, unchanged, changes, field, message):
    with unchanged(), pytest.raises(errors.InvalidInputError) as refused:
        entry(owner, **changes)
    assert refused.value.field_errors()[field] == message


def test_every_problem_is_listed_at_once(owner):
    with pytest.raises(errors.InvalidInputError) as refused:
        entry(owner, provider="", completed_on="soon", amount="lots", credit_type="")
    assert set(refused.value.field_errors()) == {"provider", "completed_on", "amount", "credit_type"}


# --- the certificate file -------------------------------------------------------------------------


@pytest.mark.parametrize("name, content, kind", [
    ("scan.PDF", PDF, "application/pdf"), ("photo.png", PNG, "image/png"), ("photo.jpeg", JPEG, "image/jpeg"),
    ("photo.jpg", JPEG, "image/jpeg")])
def test_a_pdf_png_or_jpeg_certificate_is_kept_privately_under_a_random_name(client, owner, name, content, kind):
    recorded = entry(owner, certificate=upload(name, content, "application/octet-stream"))
    row = ExternalCredit.objects.get()
    stored = row.certificate
    assert recorded.has_certificate and row.certificate_type == kind
    assert isinstance(stored.storage, PrivateFileSystemStorage) and stored.storage.exists(stored.name)
    assert not default_storage.exists(stored.name) and not str(stored.path).startswith(str(settings.MEDIA_ROOT))
    assert name.rsplit(".", 1)[0] not in stored.name and len(stored.name.rsplit("/", 1)[-1].split(".")[0]) == 32
    assert stored.name.endswith({"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}[kind])
    with pytest.raises(Exception):  # noqa: B017 - no public address at all
        stored.url  # noqa: B018
    assert client.get(settings.MEDIA_URL + stored.name).status_code == 404


@pytest.mark.parametrize("name, content, message", [
    ("certificate.pdf", b"<html><script>alert(1)</script></html>", "Attach a PDF, PNG or JPEG file."),
    ("certificate.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "Attach a PDF, PNG or JPEG file."),
    ("certificate.html", PDF, "Attach a PDF, PNG or JPEG file."),
    ("certificate", PDF, "Attach a PDF, PNG or JPEG file."),
    ("certificate.png", PDF, "The file's content does not match its name: attach a PDF, PNG or JPEG file named as "
                             "what it is."),
    ("certificate.pdf", b"", "The file is empty."),
    ("certificate.zip", b"PK\x03\x04" + PDF, "Attach a PDF, PNG or JPEG file."),
])
def test_a_file_that_is_not_what_a_certificate_is_is_refused(owner, unchanged, name, content, message):
    with unchanged(), pytest.raises(errors.InvalidInputError) as refused:
        entry(owner, certificate=upload(name, content))
    assert refused.value.field_errors() == {"certificate": message}


def test_the_size_limit_is_a_setting_and_says_so(owner, unchanged, settings):
    settings.CE_EXTERNAL_CERTIFICATE_MAX_BYTES = 1024 * 1024
    with unchanged(), pytest.raises(errors.InvalidInputError) as refused:
        entry(owner, certificate=upload(content=PDF + b"0" * (1024 * 1024)))
    assert refused.value.field_errors() == {"certificate": "The file is larger than 1 MB."}
    assert entry(owner, certificate=upload(content=PDF + b"0" * 1000)).has_certificate
    assert api.external_certificate_limit() == 1024 * 1024


def test_anything_but_a_file_is_refused_as_a_certificate(owner, unchanged):
    with unchanged(), pytest.raises(errors.InvalidInputError) as refused:
        entry(owner, certificate=PDF)
    assert refused.value.field_errors() == {"certificate": "Expected a file."}


def test_the_owner_downloads_the_certificate_and_nobody_else_does(client, owner, stranger):
    recorded = entry(owner, certificate=upload("my scan.png", PNG))
    url = reverse("ce_plugin:external-credit-certificate", args=[recorded.id])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous.url
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    with pytest.raises(errors.ExternalCreditNotFound):
        api.get_external_certificate(stranger, recorded.id)
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get(url).status_code == 404  # the learner's own; staff have no way in here either
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200 and response.content == PNG and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="certificate-2026-03-14.png"'
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]
    without = entry(owner)
    assert client.get(reverse("ce_plugin:external-credit-certificate", args=[without.id])).status_code == 404


# --- changing and deleting ------------------------------------------------------------------------


def test_a_new_certificate_replaces_the_old_file_which_is_deleted(owner, django_capture_on_commit_callbacks):
    recorded = entry(owner, certificate=upload())
    old = ExternalCredit.objects.get().certificate
    old_name, storage = old.name, old.storage
    with django_capture_on_commit_callbacks(execute=True):
        changed = api.change_external_credit(owner, recorded.id, provider="SHM", title="Sepsis update",
                                             completed_on="2026-03-15", credit_type="ama-pra-1", amount="2",
                                             certificate=upload("new.jpg", JPEG))
    row = ExternalCredit.objects.get()
    assert changed.amount == Decimal("2.00") and changed.provider == "SHM" and row.certificate_type == "image/jpeg"
    assert row.certificate.name != old_name and storage.exists(row.certificate.name) and not storage.exists(old_name)
    event = AuditEvent.objects.get(action="external_credit_changed")
    assert event.details["fields"] == ["amount", "certificate", "completed_on", "provider", "title"]
    replacement = row.certificate.name
    with django_capture_on_commit_callbacks(execute=True):
        api.change_external_credit(owner, recorded.id, provider="SHM", title="Sepsis update",
                                   completed_on="2026-03-15", credit_type="ama-pra-1", amount="2",
                                   remove_certificate=True)
    row.refresh_from_db()
    assert not row.certificate and not row.certificate_type and not storage.exists(replacement)
    assert AuditEvent.objects.filter(action="external_credit_changed").first().details["fields"] == ["certificate"]


def test_saving_an_entry_unchanged_records_nothing(owner):
    recorded = entry(owner)
    events = AuditEvent.objects.count()
    api.change_external_credit(owner, recorded.id, provider="Society of Hospital Medicine",
                               title="Sepsis update webinar", completed_on=date(2026, 3, 14), credit_type="ama-pra-1",
                               amount="1.50")
    assert AuditEvent.objects.count() == events


def test_a_refused_change_keeps_the_entry_and_its_file(owner, unchanged):
    recorded = entry(owner, certificate=upload())
    with unchanged(), pytest.raises(errors.InvalidInputError):
        api.change_external_credit(owner, recorded.id, provider="SHM", title="T", completed_on="2026-03-14",
                                   credit_type="ama-pra-1", amount="0", certificate=upload("x.png", PNG))
    assert ExternalCredit.objects.get().certificate.storage.exists(ExternalCredit.objects.get().certificate.name)


def test_deleting_an_entry_deletes_its_file_and_is_audited(owner, django_capture_on_commit_callbacks):
    recorded = entry(owner, certificate=upload())
    stored = ExternalCredit.objects.get().certificate
    name, storage = stored.name, stored.storage
    with django_capture_on_commit_callbacks(execute=True):
        api.delete_external_credit(owner, recorded.id)
    assert not ExternalCredit.objects.exists() and not storage.exists(name)
    event = AuditEvent.objects.get(action="external_credit_deleted")
    assert event.actor == owner and event.details == {"entry": recorded.id, "credit_type": "ama-pra-1",
                                                      "amount": "1.50", "certificate": True}


def test_another_learner_can_neither_read_change_nor_delete_an_entry(client, owner, stranger, unchanged):
    recorded = entry(owner, certificate=upload())
    values = {"provider": "Mine now", "title": "T", "completed_on": "2026-01-01", "credit_type": "ama-pra-1",
              "amount": "9"}
    with unchanged():
        for call in (lambda: api.get_external_credit(stranger, recorded.id),
                     lambda: api.change_external_credit(stranger, recorded.id, **values),
                     lambda: api.change_external_credit(stranger, recorded.id, **{**values, "amount": "x"}),
                     lambda: api.delete_external_credit(stranger, recorded.id)):
            with pytest.raises(errors.ExternalCreditNotFound):
                call()
        assert api.get_external_credits(stranger).entries == ()
        client.force_login(stranger)
        for name in ("external-credit-edit", "external-credit-delete"):
            url = reverse(f"ce_plugin:{name}", args=[recorded.id])
            assert client.get(url).status_code == 404
            assert client.post(url, values).status_code == 404
        client.logout()
        for name in ("external-credit-edit", "external-credit-delete", "external-credit-certificate"):
            response = client.post(reverse(f"ce_plugin:{name}", args=[recorded.id]), values)
            assert response.status_code in (302, 405) and (response.status_code == 405 or "login" in response.url)


@pytest.mark.parametrize("credit_id", ["not-a-uuid", "", None, 42, ["x"], "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_id_is_not_found(owner, credit_id):
    entry(owner)
    with pytest.raises(errors.ExternalCreditNotFound):
        api.get_external_credit(owner, credit_id)


# --- the pages ------------------------------------------------------------------------------------


def test_the_learner_adds_changes_and_deletes_an_entry_through_the_pages(client, owner):
    client.force_login(owner)
    add_url = reverse("ce_plugin:external-credit-add")
    form = client.get(add_url).content.decode()
    assert 'enctype="multipart/form-data"' in form and 'value="other"' in form and "at most 5 MB" in form
    refused = client.post(add_url, {"provider": "", "title": "Grand rounds", "completed_on": "2026-02-30",
                                    "credit_type": "ama-pra-1", "amount": "1,75",
                                    "certificate": upload("c.pdf", b"not a pdf")})
    page = refused.content.decode()
    assert refused.status_code == 400 and not ExternalCredit.objects.exists()
    assert 'id="ce-x-provider-error">This field is required.' in page
    assert 'id="ce-x-completed-on-error">Enter the date as YYYY-MM-DD.' in page
    assert 'id="ce-x-certificate-error">Attach a PDF, PNG or JPEG file.' in page
    assert 'value="Grand rounds"' in page and 'value="1,75"' in page  # what was typed stays
    added = client.post(add_url, {"provider": "County Medical Society", "title": "Grand rounds",
                                  "completed_on": "2026-02-28", "credit_type": "ama-pra-1", "amount": "1,75",
                                  "certificate": upload()})
    assert added.status_code == 302 and added.url == reverse("ce_plugin:transcript") + "#ce-external"
    recorded = api.get_external_credits(owner).entries[0]
    assert recorded.amount == Decimal("1.75") and recorded.has_certificate
    edit_url = reverse("ce_plugin:external-credit-edit", args=[recorded.id])
    edit = client.get(edit_url).content.decode()
    assert 'value="County Medical Society"' in edit and "Remove the certificate on file" in edit
    changed = client.post(edit_url, {"provider": "County Medical Society", "title": "Grand rounds (cardiology)",
                                     "completed_on": "2026-02-28", "credit_type": "other",
                                     "other_credit_type": "Hospital CME", "amount": "2", "remove_certificate": "yes"})
    assert changed.status_code == 302
    recorded = api.get_external_credit(owner, recorded.id)
    assert recorded.credit_type_name == "Hospital CME" and not recorded.has_certificate
    delete_url = reverse("ce_plugin:external-credit-delete", args=[recorded.id])
    assert "Grand rounds (cardiology)" in client.get(delete_url).content.decode()
    assert client.post(delete_url).status_code == 302 and not ExternalCredit.objects.exists()


def test_the_transcript_lists_self_reported_credit_apart_with_its_own_totals(client, enrolled, activity,
                                                                              statement_type, now):
    finalize(enrolled, activity, statement_type, {factories.SessionFactory(activity=activity): "1"}, now)
    entry(enrolled, title="Regional infection control day", amount="3,5", certificate=upload())
    entry(enrolled, credit_type="other", other_credit_type="State CE credit", amount="2")
    client.force_login(enrolled)
    page = client.get(reverse("ce_plugin:transcript")).content.decode()
    issued, _, external = page.partition('id="ce-external"')
    assert 'data-year="all" data-credit-type="ama-pra-1"' in issued and "1.00 AMA PRA" in issued
    assert "Regional infection control day" not in issued and "3.50" not in issued  # not in the issued totals
    assert "Self-reported: credit earned elsewhere" in external
    assert 'data-external-total="ama-pra-1"><td>AMA PRA Category 1 Credit™</td><td class="num">3.50' in external
    assert 'data-external-total="other"><td>State CE credit</td><td class="num">2.00 credits' in external
    recorded = api.get_external_credits(enrolled).entries
    for item in recorded:
        assert reverse("ce_plugin:external-credit-edit", args=[item.id]) in external
    with_file = [item for item in recorded if item.has_certificate]
    assert [reverse("ce_plugin:external-credit-certificate", args=[item.id]) in external for item in recorded] == [
        item.has_certificate for item in recorded] and len(with_file) == 1

    text = pdf_text(client.get(reverse("ce_plugin:transcript-pdf")).content)
    statements, _, self_reported = text.partition("Self-reported: credit earned elsewhere")
    assert "Annual Meeting" in statements and "Regional infection control day" not in statements
    assert "not issued or verified here" in self_reported and "Total (self-reported)" in self_reported
    assert "Regional infection control day Society of Hospital Medicine" in self_reported
    assert "3.50 AMA PRA Category 1 Credits™" in self_reported and "State CE credit 2.00 credits" in self_reported
    assert "on file" in self_reported


def test_a_transcript_of_self_reported_credit_only_offers_its_pdf(client, owner):
    client.force_login(owner)
    assert "Download as PDF" not in client.get(reverse("ce_plugin:transcript")).content.decode()
    entry(owner)
    page = client.get(reverse("ce_plugin:transcript")).content.decode()
    assert "Download as PDF" in page and "You have no statement of credit yet." in page
    assert "Sepsis update webinar" in pdf_text(client.get(reverse("ce_plugin:transcript-pdf")).content)


# --- the stored transcript PDF --------------------------------------------------------------------


def test_each_change_of_external_credit_queues_a_rebuild_and_a_stale_pdf_is_never_served(
        client, owner, workers, django_capture_on_commit_callbacks):
    client.force_login(owner)
    url = reverse("ce_plugin:transcript-pdf")
    with django_capture_on_commit_callbacks(execute=True):
        recorded = entry(owner)
    assert workers[BUILD] == [owner.id]
    api.build_transcript_file(owner.id)  # the worker
    assert "Sepsis update webinar" in pdf_text(client.get(url).content)
    for change in (lambda: api.change_external_credit(owner, recorded.id, provider="SHM", title="Renamed webinar",
                                                      completed_on="2026-03-14", credit_type="ama-pra-1",
                                                      amount="1.5"),
                   lambda: api.delete_external_credit(owner, recorded.id)):
        built = TranscriptFile.objects.get().fingerprint
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert client.get(url).status_code == 202  # stale: rebuilt, not served
        api.build_transcript_file(owner.id)
        assert TranscriptFile.objects.get().fingerprint != built
    assert len(workers[BUILD]) == 3
    assert "webinar" not in pdf_text(client.get(url).content)


def test_retirement_deletes_the_learners_entries_and_files(owner, stranger, django_capture_on_commit_callbacks):
    entry(owner, certificate=upload())
    entry(owner)
    kept = entry(stranger, certificate=upload("s.png", PNG))
    stored = ExternalCredit.objects.get(user=owner, certificate__gt="").certificate
    name, storage = stored.name, stored.storage
    with django_capture_on_commit_callbacks(execute=True):
        api.retire_user(owner)
    assert not ExternalCredit.objects.filter(user=owner).exists() and not storage.exists(name)
    assert api.get_external_credit(stranger, kept.id).has_certificate
    assert AuditEvent.objects.get(action="user_retired").details == {"external_credits_deleted": 2}


def test_the_learners_today_may_be_a_day_ahead_of_the_servers(owner):
    late_evening = datetime(2026, 5, 1, 23, 30, tzinfo=timezone.utc)  # already 2 May east of Greenwich
    assert entry(owner, completed_on="2026-05-02", now=late_evening).completed_on == date(2026, 5, 2)
    with pytest.raises(errors.InvalidInputError):
        entry(owner, completed_on="2026-05-03", now=late_evening)


def test_one_learner_holds_a_bounded_number_of_entries(client, owner, stranger, monkeypatch):
    from ce_plugin.services import external_credits
    monkeypatch.setattr(external_credits, "MAX_ENTRIES", 2)
    entry(owner)
    entry(owner)
    with pytest.raises(errors.InvalidInputError) as refused:
        entry(owner)
    assert refused.value.field_errors() == {
        "__all__": "You have recorded 2 entries, the most one transcript holds. Delete old ones first."}
    client.force_login(owner)
    page = client.post(reverse("ce_plugin:external-credit-add"), {
        "provider": "P", "title": "T", "completed_on": "2026-01-01", "credit_type": "ama-pra-1", "amount": "1"})
    assert page.status_code == 400 and "the most one transcript holds" in page.content.decode()
    assert entry(stranger).amount == Decimal("1.50")  # the bound is per learner
