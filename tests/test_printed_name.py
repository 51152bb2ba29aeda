"""The name and credentials a statement prints: shown on the summary, corrected there, snapshotted at issue."""
import pytest
from django.urls import reverse
from freezegun import freeze_time

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.models import AuditEvent, LearnerClaim, Statement
from ce_plugin.statuses import AuditAction
from devhost_platform.models import LearnerProfile
from tests.helpers import pdf_text


def summary_url(activity):
    return reverse("ce_plugin:summary", args=[str(activity.course_key)])


@pytest.fixture
def claimed(ready, activity, session, now):
    """The learner claimed one session; the account's profile name is "Jordan Lee"."""
    LearnerProfile.objects.create(user=ready, name="Jordan Lee")
    with freeze_time(now):
        api.record_session_claim(ready, session.usage_key, "1")
    return ready


def test_summary_shows_the_printed_name_and_the_learner_corrects_it_for_this_statement(client, claimed, activity,
                                                                                      now):
    client.force_login(claimed)
    with freeze_time(now):
        page = client.get(summary_url(activity)).content.decode()
        assert '<strong data-printed-name>Jordan Lee</strong>' in page
        assert 'name="printed_name"' in page and 'value="Jordan Lee"' in page
        saved = client.post(summary_url(activity), {"action": "name", "printed_name": "  Jordan  A. Lee ",
                                                    "printed_credentials": "MD, PhD"})
        assert saved.status_code == 302
        page = client.get(summary_url(activity)).content.decode()
    assert '<strong data-printed-name>Jordan A. Lee, MD, PhD</strong>' in page
    claim = LearnerClaim.objects.get(user=claimed)
    assert (claim.printed_name, claim.printed_credentials, claim.status) == ("Jordan A. Lee", "MD, PhD", "in_progress")
    assert LearnerProfile.objects.get(user=claimed).name == "Jordan Lee"  # the account is not changed
    event = AuditEvent.objects.get(action=AuditAction.PRINTED_NAME_SET)
    assert event.actor == claimed and event.details == {"corrected": True, "credentials": True}

    with freeze_time(now):
        client.post(summary_url(activity), {"action": "finalize", "attest": "yes", "confirm": "yes",
                                            "printed_name": "Jordan A. Lee", "printed_credentials": "MD, PhD"})
    statement = Statement.objects.get()
    assert statement.snapshot["learner"]["name"] == "Jordan A. Lee"
    assert statement.snapshot["learner"]["credentials"] == "MD, PhD"
    text = pdf_text(api.get_statement_file(claimed, activity.course_key).content)
    assert "This is to certify that Jordan A. Lee, MD, PhD participated in" in text
    verify = client.get(reverse("ce_plugin:verify", args=[statement.verification_code])).content.decode()
    assert "Jordan A. Lee, MD, PhD" in verify


def test_finalizing_saves_the_name_in_the_same_form(client, claimed, activity, now):
    client.force_login(claimed)
    with freeze_time(now):
        response = client.post(summary_url(activity), {"action": "finalize", "attest": "yes", "confirm": "yes",
                                                       "printed_name": "Dr Jordan Lee", "printed_credentials": ""})
    assert response.status_code == 302
    assert Statement.objects.get().snapshot["learner"] == {"name": "Dr Jordan Lee", "credentials": "", "profile": {}}


@pytest.mark.parametrize("name, credentials, field", [
    ("Jordan\nLee", "", "printed_name"),
    ("J" * 201, "", "printed_name"),
    ("Jordan Lee", "M" * 81, "printed_credentials"),
    ("Jordan\u2028Lee", "", "printed_name"),
])
def test_a_name_that_cannot_be_printed_stops_finalizing(client, claimed, activity, now, name, credentials, field):
    client.force_login(claimed)
    with freeze_time(now):
        response = client.post(summary_url(activity), {"action": "finalize", "attest": "yes", "confirm": "yes",
                                                       "printed_name": name, "printed_credentials": credentials})
    page = response.content.decode()
    assert response.status_code == 400 and "Correct the name to print first." in page
    assert f'id="ce-{field.replace("_", "-")}-error"' in page
    assert not Statement.objects.exists() and LearnerClaim.objects.get().status == "in_progress"
    assert LearnerClaim.objects.get().printed_name == ""


def test_the_account_name_is_not_stored_as_a_correction(claimed, activity, now):
    printed = api.set_printed_name(claimed, activity.course_key, "Jordan Lee", "")
    assert printed.name == "Jordan Lee" and not printed.corrected
    assert LearnerClaim.objects.get().printed_name == ""  # a later fix of the profile still applies
    LearnerProfile.objects.filter(user=claimed).update(name="Jordan Lee-Smith")
    assert api.get_printed_name(claimed, activity.course_key).name == "Jordan Lee-Smith"


def test_after_finalizing_the_name_cannot_change_and_no_field_is_offered(client, claimed, activity, now):
    api.set_printed_name(claimed, activity.course_key, "Jordan A. Lee", "MD")
    with freeze_time(now):
        api.finalize_claim(claimed, activity.course_key)
    with pytest.raises(errors.ClaimFinalizedError):
        api.set_printed_name(claimed, activity.course_key, "Someone Else", "")
    client.force_login(claimed)
    page = client.get(summary_url(activity)).content.decode()
    assert 'name="printed_name"' not in page and "Printed for <strong>Jordan A. Lee, MD</strong>" in page
    posted = client.post(summary_url(activity), {"action": "name", "printed_name": "Someone Else"})
    assert posted.status_code == 200 and LearnerClaim.objects.get().printed_name == "Jordan A. Lee"


def test_retirement_clears_the_correction_and_the_statement_keeps_what_it_printed(claimed, activity, now):
    api.set_printed_name(claimed, activity.course_key, "Jordan A. Lee", "MD")
    with freeze_time(now):
        api.finalize_claim(claimed, activity.course_key)
    api.retire_user(claimed)
    claim = LearnerClaim.objects.get()
    assert (claim.printed_name, claim.printed_credentials) == ("", "")
    assert Statement.objects.get().snapshot["learner"]["name"] == "Jordan A. Lee"


def test_a_refused_finalization_keeps_nothing_and_shows_the_name_as_typed(client, claimed, activity, now):
    client.force_login(claimed)
    with freeze_time(now):
        response = client.post(summary_url(activity), {"action": "finalize", "attest": "yes",
                                                       "printed_name": "Jordan Q. Lee", "printed_credentials": "DO"})
    page = response.content.decode()
    assert response.status_code == 400 and "Tick both boxes to finalize" in page
    assert 'value="Jordan Q. Lee"' in page and 'value="DO"' in page  # nothing typed is lost
    claim = LearnerClaim.objects.get()
    assert (claim.printed_name, claim.printed_credentials, claim.status) == ("", "", "in_progress")
    assert not AuditEvent.objects.filter(action=AuditAction.PRINTED_NAME_SET).exists()
