"""Board reporting asked for on the physician statement, optionally, and carried into the PARS export."""
import pytest
from django.urls import reverse
from freezegun import freeze_time

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.models import LearnerClaim


def statement_url(activity):
    return reverse("ce_plugin:statement", args=[str(activity.course_key)])


def test_the_physician_statement_asks_for_board_reporting_optionally(client, enrolled, activity, statement_type, now):
    client.force_login(enrolled)
    page = client.get(statement_url(activity)).content.decode()
    assert "Optional: report this completion to your certifying or licensing board" in page
    prefix = f"profile-{statement_type.id}-"
    for code in ("moc_consent", "board_id", "birth_mmdd", "license_state", "license_number"):
        assert f'<label for="{prefix}{code}">' in page and f'id="{prefix}{code}" name="{prefix}{code}"' in page
    with freeze_time(now):
        response = client.post(statement_url(activity), {"statement_type": statement_type.id})
    assert response.status_code == 302 and LearnerClaim.objects.get().profile == {}  # nothing required


@pytest.mark.parametrize("given, field, message", [
    ({"moc_consent": "yes"}, "board_id", "Needed to report your completion to your board."),
    ({"moc_consent": "yes", "board_id": "ABIM-123456"}, "birth_mmdd",
     "Needed to report your completion to your board."),
    ({"birth_mmdd": "1332"}, "birth_mmdd", "This value is not valid."),
    ({"license_state": "ZZ"}, "license_state", "This value is not valid."),
])
def test_what_is_given_must_be_usable(client, enrolled, activity, statement_type, now, given, field, message):
    client.force_login(enrolled)
    prefix = f"profile-{statement_type.id}-"
    with freeze_time(now):
        response = client.post(statement_url(activity), {"statement_type": statement_type.id,
                                                         **{prefix + k: v for k, v in given.items()}})
    page = response.content.decode()
    assert response.status_code == 400
    assert f'id="{prefix}{field}-error" role="alert">{message}</p>' in page
    assert not LearnerClaim.objects.exists()


def test_consent_with_board_id_reaches_the_pars_file(client, enrolled, activity, statement_type, session, now):
    activity.accme_activity_id = "202612345"
    activity.save()
    client.force_login(enrolled)
    prefix = f"profile-{statement_type.id}-"
    with freeze_time(now):
        client.post(statement_url(activity), {"statement_type": statement_type.id, prefix + "moc_consent": "yes",
                                              prefix + "board_id": "ABIM-123456", prefix + "birth_mmdd": "0731"})
        api.record_session_claim(enrolled, session.usage_key, "1")
        api.finalize_claim(enrolled, activity.course_key)
    assert LearnerClaim.objects.get().profile == {"moc_consent": "yes", "board_id": "ABIM-123456",
                                                  "birth_mmdd": "0731"}
    export = api.pars_export(activity.course_key)
    assert export.rows == [["202612345", "Jordan", "Lee", "07", "31", "", "", "ABIM-123456",
                            now.strftime("%m/%d/%Y"), "1.00"]]


def test_a_board_id_without_consent_is_kept_but_not_reported(enrolled, activity, statement_type, session, now):
    activity.accme_activity_id = "202612345"
    activity.save()
    with freeze_time(now):
        api.select_statement_type(enrolled, activity.course_key, statement_type.id,
                                  {"board_id": "ABIM-123456", "birth_mmdd": "0731"})
        api.record_session_claim(enrolled, session.usage_key, "1")
        api.finalize_claim(enrolled, activity.course_key)
    export = api.pars_export(activity.course_key)
    assert export.rows == [] and export.missing[0]["missing"] == [
        "licence state and number, or a board ID with consent"]


def test_optional_fields_of_the_wrong_type_are_refused(enrolled, activity, statement_type, now):
    with freeze_time(now), pytest.raises(errors.InvalidInputError) as refused:
        api.select_statement_type(enrolled, activity.course_key, statement_type.id, {"board_id": "x" * 41})
    assert "board_id" in refused.value.params["errors"]
