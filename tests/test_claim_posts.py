"""The claim page's script posts claims and evaluations as JSON: answered by the api alone, in few queries."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from ce_plugin import api
from ce_plugin.evaluations import standard_questions
from ce_plugin.models import EvaluationResponse, SessionClaim
from tests import factories

ANSWERS = {"q:objectives_met": "5", "q:relevant": "4", "q:unbiased": "yes", "q:practice_change": "yes",
           "q:overall": "5"}


@pytest.fixture
def evaluated_session(activity):
    return factories.SessionFactory(activity=activity, evaluation=standard_questions(), evaluation_required=True)


def urls(activity, session):
    key = str(activity.course_key)
    return (reverse("ce_plugin:claim", args=[key]),
            reverse("ce_plugin:claim-evaluate", args=[key, str(session.usage_key)]))


def test_an_evaluation_and_a_claim_post_in_few_queries(client, ready, activity, evaluated_session, now):
    claim_url, evaluate_url = urls(activity, evaluated_session)
    client.force_login(ready)
    with freeze_time(now):
        with CaptureQueriesContext(connection) as evaluating:
            response = client.post(evaluate_url, ANSWERS, HTTP_ACCEPT="application/json")
        assert response.json() == {"ok": True} and EvaluationResponse.objects.filter(user=ready).exists()
        with CaptureQueriesContext(connection) as claiming:
            response = client.post(claim_url, {f"credits:{evaluated_session.usage_key}": "1,00"},
                                   HTTP_ACCEPT="application/json")
    assert response.json()["ok"] is True and response.json()["total"] == "1.00"
    assert SessionClaim.objects.get(claim__user=ready).credits == 1
    # through the wizard's page context these took 19 and 23 (transaction statements included)
    assert len(evaluating) <= 12 and len(claiming) <= 17, (len(evaluating), len(claiming))


def test_json_posts_say_what_is_wrong_as_json(client, enrolled, learner, activity, statement_type,
                                               evaluated_session, instructor, now):
    claim_url, evaluate_url = urls(activity, evaluated_session)
    field = {f"credits:{evaluated_session.usage_key}": "1"}
    assert client.post(claim_url, field, HTTP_ACCEPT="application/json").status_code == 401
    client.force_login(enrolled)
    with freeze_time(now):
        missing_step = client.post(claim_url, field, HTTP_ACCEPT="application/json")  # no statement chosen yet
        assert missing_step.status_code == 400 and missing_step.json()["ok"] is False
        api.select_statement_type(enrolled, activity.course_key, statement_type.id)
        unevaluated = client.post(claim_url, field, HTTP_ACCEPT="application/json")
        assert unevaluated.status_code == 400 and str(evaluated_session.usage_key) in unevaluated.json()["errors"]
        bad = client.post(evaluate_url, {}, HTTP_ACCEPT="application/json")
        assert bad.status_code == 400 and bad.json()["errors"]
        assert client.post(evaluate_url, ANSWERS, HTTP_ACCEPT="application/json").json() == {"ok": True}
        again = client.post(evaluate_url, ANSWERS, HTTP_ACCEPT="application/json")
        assert again.json() == {"ok": True, "already_submitted": True}
        client.force_login(instructor)  # course staff in preview have no claim to write to
        preview = client.post(claim_url, field, HTTP_ACCEPT="application/json")
        assert preview.status_code == 403 and preview.json()["code"] == "not_enrolled"
    assert not SessionClaim.objects.exists() and EvaluationResponse.objects.count() == 1


def test_json_posts_to_an_unpublished_activity_or_a_foreign_session_are_not_found(
        client, ready, activity, evaluated_session):
    other = factories.SessionFactory(activity=factories.ActivityFactory(), evaluation=standard_questions())
    client.force_login(ready)
    foreign = reverse("ce_plugin:claim-evaluate", args=[str(activity.course_key), str(other.usage_key)])
    assert client.post(foreign, ANSWERS, HTTP_ACCEPT="application/json").status_code == 404
    activity.published = False
    activity.save()
    claim_url, evaluate_url = urls(activity, evaluated_session)
    assert client.post(claim_url, {}, HTTP_ACCEPT="application/json").status_code == 404
    assert client.post(evaluate_url, ANSWERS, HTTP_ACCEPT="application/json").status_code == 404
