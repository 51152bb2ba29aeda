"""
The claim page of a meeting: one day at a time with every day one click away, sessions held at the same
time marked, each error once beside its row, and each session evaluated in place without leaving the page.
"""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from freezegun import freeze_time

from ce_plugin import api
from ce_plugin.evaluations import standard_questions
from ce_plugin.models import EvaluationResponse, SessionClaim
from tests import factories
from tests.helpers import localized_number_attributes

START = factories.MEETING_START
ANSWERS = {"q:objectives_met": "5", "q:relevant": "4", "q:unbiased": "no", "q:unbiased__comment": "Brand names",
           "q:practice_change": "yes", "q:overall": "5"}


@pytest.fixture
def meeting(activity, statement_type):
    """Two days: day one has two talks at the same time and one after; day two has one evaluated session."""
    sessions = {
        "a": factories.SessionFactory(activity=activity, title="Talk A", track="Clinical"),
        "b": factories.SessionFactory(activity=activity, title="Talk B", track="Lab",
                                      starts_at=START + timedelta(minutes=30)),
        "c": factories.SessionFactory(activity=activity, title="Talk C", starts_at=START + timedelta(hours=3)),
        "d": factories.SessionFactory(activity=activity, title="Day two keynote", starts_at=START + timedelta(days=1),
                                      evaluation=standard_questions(), evaluation_required=True),
    }
    return sessions


@pytest.fixture
def learner_client(client, ready, now):
    client.force_login(ready)
    with freeze_time(now):
        yield client


def claim_url(activity, **query):
    url = reverse("ce_plugin:claim", args=[str(activity.course_key)])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def rows(page):
    return re.findall(r'<tr id="session-[^"]+" data-session="([^"]+)"', page)


def test_one_day_at_a_time_with_every_day_one_click_away(learner_client, activity, meeting):
    page = learner_client.get(claim_url(activity)).content.decode()
    assert rows(page) == [str(meeting[k].usage_key) for k in "abc"]  # the first day
    assert 'data-day="2026-06-10"' in page and 'data-day="2026-06-11"' in page
    assert "Wednesday 10 June 2026" in page and "Thursday 11 June 2026" in page
    second = learner_client.get(claim_url(activity, day="2026-06-11")).content.decode()
    assert rows(second) == [str(meeting["d"].usage_key)]


def test_the_page_opens_on_the_day_last_worked_on_and_totals_cover_all_days(client, ready, activity, meeting, now):
    answers = {"objectives_met": 5, "relevant": 4, "unbiased": "yes", "practice_change": "yes", "overall": 5}
    with freeze_time(now):
        api.record_session_claims(ready, activity.course_key, {meeting["a"].usage_key: "0.5"})
    with freeze_time(now + timedelta(minutes=1)):
        api.submit_evaluation(ready, meeting["d"].usage_key, answers)
        api.record_session_claims(ready, activity.course_key, {meeting["d"].usage_key: "1"})
    client.force_login(ready)
    with freeze_time(now + timedelta(minutes=2)):
        page = client.get(claim_url(activity)).content.decode()
    assert rows(page) == [str(meeting["d"].usage_key)]  # the day of the last change
    assert '<span data-total>1.50</span>' in page
    assert "0.50 claimed" in page and "1.00 claimed" in page  # per day, in the day list


def test_sessions_held_at_the_same_time_are_marked_together(learner_client, activity, meeting):
    page = learner_client.get(claim_url(activity)).content.decode()
    marked = re.findall(r'data-session="([^"]+)" class="ce-concurrent"', page)
    assert marked == [str(meeting["a"].usage_key), str(meeting["b"].usage_key)]  # not Talk C, an hour later
    assert "At the same time: Talk B" in page and "At the same time: Talk A" in page


def test_an_error_appears_once_beside_its_row(learner_client, activity, meeting):
    fields = {f"credits:{meeting['a'].usage_key}": "1", f"credits:{meeting['b'].usage_key}": "1"}
    response = learner_client.post(claim_url(activity, day="2026-06-10"), fields)
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count('class="ce-error" id="error-') == 1  # one row error, under its row
    assert re.search(r'data-session="' + re.escape(str(meeting["b"].usage_key)) + r'"[^>]*data-error', page)
    assert "Nothing was saved: correct the sessions marked below." in page
    messages = re.findall(r'data-row-error>([^<]+)<', page)
    assert len(messages) == 1 and "same time" in messages[0].lower()
    assert not SessionClaim.objects.exists()


def test_a_decimal_comma_is_read_as_a_point(learner_client, activity, meeting):
    learner_client.post(claim_url(activity), {f"credits:{meeting['c'].usage_key}": "0,75"})
    assert str(SessionClaim.objects.get().credits) == "0.75"


def test_the_pages_script_posts_a_decimal_comma_and_reads_figures_in_the_learners_notation(learner_client, activity,
                                                                                         meeting):
    """The JSON post of the page's script takes "0,75" too; in a decimal-comma language the page and the answer
    show figures that way, and no number in an attribute is localized."""
    field = f"credits:{meeting['c'].usage_key}"
    saved = learner_client.post(claim_url(activity), {field: "0,75"}, HTTP_ACCEPT="application/json",
                                HTTP_ACCEPT_LANGUAGE="eo")
    assert saved.json() == {"ok": True, "total": "0,75", "credits": {str(meeting["c"].usage_key): "0,75"}}
    refused = learner_client.post(claim_url(activity), {field: "1,000"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 400 and str(SessionClaim.objects.get().credits) == "0.75"
    page = learner_client.get(claim_url(activity), HTTP_ACCEPT_LANGUAGE="eo").content.decode()
    assert f'name="{field}" value="0,75" inputmode="decimal"' in page
    assert "[ÀMÀ PRÀ Càtégøry 1 Crédîts™]" in page  # the default unit, translated
    assert not localized_number_attributes(page), localized_number_attributes(page)


def test_evaluate_in_place_without_javascript_and_return_to_the_same_row(learner_client, ready, activity, meeting):
    day_two = learner_client.get(claim_url(activity, day="2026-06-11")).content.decode()
    evaluate = reverse("ce_plugin:claim-evaluate", args=[str(activity.course_key), str(meeting["d"].usage_key)])
    assert f'href="{evaluate}?day=2026-06-11" data-evaluate' in day_two
    assert "disabled data-credits" in day_two  # its credit box waits for the evaluation
    form = learner_client.get(evaluate + "?day=2026-06-11").content.decode()
    assert "The session met its stated learning objectives" in form and 'name="q:unbiased__comment"' in form
    refused = learner_client.post(evaluate + "?day=2026-06-11", {**ANSWERS, "q:unbiased__comment": ""})
    assert refused.status_code == 400 and "Please say why." in refused.content.decode()
    assert 'value="5" checked' in refused.content.decode()  # what was ticked stays ticked
    done = learner_client.post(evaluate + "?day=2026-06-11", ANSWERS)
    assert done.status_code == 302
    assert done.url == claim_url(activity, day="2026-06-11") + f"#session-{meeting['d'].usage_key}"
    assert EvaluationResponse.objects.get().answers["unbiased__comment"] == "Brand names"
    after = learner_client.get(done.url).content.decode()
    assert "Evaluated" in after and "disabled data-credits" not in after
    assert learner_client.post(claim_url(activity, day="2026-06-11"),
                               {f"credits:{meeting['d'].usage_key}": "1"}).status_code == 302


def test_the_evaluation_opens_inside_the_row_with_javascript(learner_client, activity, meeting):
    evaluate = reverse("ce_plugin:claim-evaluate", args=[str(activity.course_key), str(meeting["d"].usage_key)])
    partial = learner_client.get(evaluate + "?partial=1&day=2026-06-11").content.decode()
    assert partial.lstrip().startswith("<form") and "<html" not in partial
    answered = learner_client.post(evaluate, ANSWERS, HTTP_ACCEPT="application/json")
    assert answered.json() == {"ok": True}
    learner_client.post(evaluate, ANSWERS, HTTP_ACCEPT="application/json")  # a second time: answered once only
    assert EvaluationResponse.objects.count() == 1


def test_after_finalizing_no_page_offers_an_edit(learner_client, ready, activity, meeting, now):
    api.record_session_claims(ready, activity.course_key, {meeting["c"].usage_key: "1"}, now=now)
    api.finalize_claim(ready, activity.course_key, now=now)
    page = learner_client.get(claim_url(activity)).content.decode()
    assert "data-credits" not in page and ">change<" not in page and "data-evaluate" not in page
    assert reverse("ce_plugin:statement-pdf", args=[str(activity.course_key)]) in page
