"""The CE Session block rendered and driven through a real XBlock runtime (the dev host's)."""
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from freezegun import freeze_time
from webob import Request

from ce_plugin import api
from ce_plugin.evaluations import standard_questions
from devhost_platform.models import BlockRecord, Unit
from devhost_platform.runtime import DevRuntime
from tests import factories
from tests.helpers import localized_number_attributes


def add_block(activity, name, starts_at, **fields):
    course = factories.CourseFactory._meta.model.objects.get(course_key=activity.course_key)
    unit = Unit.objects.create(course=course, title=name,
                               usage_key=activity.course_key.make_usage_key("vertical", name))
    key = activity.course_key.make_usage_key("ce_session", name)
    values = {"session_title": f"Session {name}", "starts_at": starts_at.isoformat(),
              "ends_at": (starts_at + timedelta(minutes=60)).isoformat(), "speakers": ["Dr. Okafor"],
              "learning_objectives": ["Explain the thing"], "evaluation": standard_questions(),
              "evaluation_required": True}
    values.update(fields)
    BlockRecord.objects.create(unit=unit, usage_key=key, block_type="ce_session", fields=values)
    block = DevRuntime(None).get_block(key)
    api.register_session(key, **block.session_payload())
    return key


def render(user, key):
    runtime = DevRuntime(user)
    return runtime.render(runtime.get_block(key), "student_view").body_html()


def call_handler(user, key, handler, payload):
    runtime = DevRuntime(user)
    request = Request.blank("/", method="POST", body=json.dumps(payload).encode(),
                            content_type="application/json")
    return json.loads(runtime.get_block(key).handle(handler, request).body)


@pytest.fixture
def block_key(activity, statement_type):
    return add_block(activity, "talk1", factories.MEETING_START)


def test_student_view_shows_the_session_and_what_is_missing(enrolled, block_key):
    html = render(enrolled, block_key)
    assert "Session talk1" in html and "Dr. Okafor" in html and "Explain the thing" in html
    assert "AMA PRA Category 1 Credit™ (physicians): <strong>1.00</strong>" in html
    assert 'data-step="statement"' in html
    assert 'data-question="unbiased"' in html


def test_student_view_for_anonymous_users(block_key):
    html = render(AnonymousUser(), block_key)
    assert "Sign in to claim credit for this session." in html


def test_unregistered_block_says_so(activity):
    course = factories.CourseFactory._meta.model.objects.get(course_key=activity.course_key)
    unit = Unit.objects.create(course=course, title="u", usage_key=activity.course_key.make_usage_key("vertical", "u"))
    key = activity.course_key.make_usage_key("ce_session", "orphan")
    BlockRecord.objects.create(unit=unit, usage_key=key, block_type="ce_session", fields={})
    assert "not yet open for continuing-education credit" in render(None, key)


def test_evaluation_then_claim_through_the_handlers(enrolled, activity, statement_type, block_key, now):
    with freeze_time(now):
        api.select_statement_type(enrolled, activity.course_key, statement_type.id)
        assert 'data-step="evaluation"' in render(enrolled, block_key)
        refused = call_handler(enrolled, block_key, "claim_credits", {"credits": "1"})
        assert refused["ok"] is False and refused["code"] == "evaluation_required"
        assert refused["message"] == "Complete this session's evaluation before claiming credit for it."
        assert list(refused["errors"]) == [str(block_key)]
        bad = call_handler(enrolled, block_key, "submit_evaluation", {"answers": {"overall": 9}})
        assert bad["ok"] is False and {"overall", "objectives_met"} <= set(bad["errors"])
        answers = {"objectives_met": "5", "relevant": 4, "unbiased": "yes", "practice_change": "yes", "overall": 5}
        assert call_handler(enrolled, block_key, "submit_evaluation", {"answers": answers})["ok"] is True
        html = render(enrolled, block_key)
        assert "your evaluation of this session has been submitted" in html
        assert 'name="credits"' in html and 'inputmode="decimal"' in html and "in steps of 0.25" in html
        assert call_handler(enrolled, block_key, "claim_credits", {"credits": "0.30"})["code"] == "invalid_credits"
        saved = call_handler(enrolled, block_key, "claim_credits", {"credits": "0.75"})
        assert saved == {"ok": True, "credits": "0.75", "total": "0.75", "shown": {"credits": "0.75", "total": "0.75"},
                         "message": "Saved. Your total for this activity is now 0.75 AMA PRA Category 1 Credits™."}
        assert 'value="0.75"' in render(enrolled, block_key)


def test_the_claim_box_takes_what_the_learner_reads_in_a_decimal_comma_language(enrolled, activity, statement_type,
                                                                                block_key, now):
    """
    In a language that writes "1,00", the box shows and takes "1,00" (the maximum its hint gives): no number in
    an attribute is localized, and the handler reads a decimal comma as well as a point.
    """
    with freeze_time(now):
        api.select_statement_type(enrolled, activity.course_key, statement_type.id)
        api.submit_evaluation(enrolled, block_key, {"objectives_met": 5, "relevant": 5, "unbiased": "yes",
                                                    "practice_change": "no", "overall": 4})
        with translation.override("eo"):
            html = render(enrolled, block_key)
            assert "[Àt møst 1,00, în stéps øf 0,25.]" in html
            assert not localized_number_attributes(html), localized_number_attributes(html)
            assert call_handler(enrolled, block_key, "claim_credits", {"credits": "1,00"})["ok"] is True
            assert api.get_claim(enrolled, activity.course_key).session_credits[str(block_key)] == 1
            html = render(enrolled, block_key)
            assert 'inputmode="decimal"' in html and 'value="1,00"' in html and 'type="number"' not in html
            saved = call_handler(enrolled, block_key, "claim_credits", {"credits": "0,5"})
            # The figures and the unit in the learner's language and notation; the plain figures for scripts.
            assert saved["message"] == ("[Sàvéd. Yøür tøtàl før thîs àctîvîty îs nøw 0,50 "
                                        "[ÀMÀ PRÀ Càtégøry 1 Crédîts™].]")
            assert (saved["credits"], saved["total"], saved["shown"]) == ("0.50", "0.50", {"credits": "0,50",
                                                                                         "total": "0,50"})
            assert call_handler(enrolled, block_key, "claim_credits", {"credits": "1,000"})["code"] == "invalid_credits"
        api.finalize_claim(enrolled, activity.course_key)
        with translation.override("eo"):
            html = render(enrolled, block_key)
    assert 'data-claimed="0.50"' in html and not localized_number_attributes(html)


def test_the_blocks_script_shows_the_handlers_message_and_figures():
    """The script writes no sentence of its own around a figure: "Saved. Your total is now " + "1.00" stayed English
    and unlocalized. It shows the handler's message, in the learner's language."""
    from ce_plugin.assets import read_static
    script = read_static("ce_xblock/js/ce_session.js")
    assert "show(claimForm, data.message)" in script and "input.value = data.shown.credits" in script
    assert "data.total" not in script and "Your total" not in script


def test_handlers_refuse_anonymous_users(block_key):
    assert call_handler(AnonymousUser(), block_key, "claim_credits", {"credits": "1"})["code"] == "login_required"


@pytest.mark.parametrize("sessions", [10, 300])
def test_student_view_queries_do_not_grow_with_the_activity(enrolled, activity, statement_type, sessions,
                                                           django_assert_max_num_queries, now):
    keys = [add_block(activity, f"t{n}", factories.MEETING_START + timedelta(minutes=15 * n)) for n in range(sessions)]
    with freeze_time(now):
        api.select_statement_type(enrolled, activity.course_key, statement_type.id)
    with django_assert_max_num_queries(14):
        render(enrolled, keys[-1])


def test_missing_steps_link_to_the_wizard(enrolled, activity, statement_type, block_key):
    from django.urls import reverse
    html = render(enrolled, block_key)
    assert f'href="{reverse("ce_plugin:statement", args=[str(activity.course_key)])}" target="_top"' in html


def test_the_unit_and_the_claim_page_show_one_claim(client, enrolled, activity, statement_type, block_key, now):
    from django.urls import reverse
    with freeze_time(now):
        api.select_statement_type(enrolled, activity.course_key, statement_type.id)
        api.submit_evaluation(enrolled, block_key, {"objectives_met": 5, "relevant": 5, "unbiased": "yes",
                                                    "practice_change": "no", "overall": 4})
        assert call_handler(enrolled, block_key, "claim_credits", {"credits": "0.5"})["ok"] is True
        client.force_login(enrolled)
        page = client.get(reverse("ce_plugin:claim", args=[str(activity.course_key)])).content.decode()
        assert f'name="credits:{block_key}" value="0.50"' in page
        client.post(reverse("ce_plugin:claim", args=[str(activity.course_key)]), {f"credits:{block_key}": "0.75"})
    assert 'value="0.75"' in render(enrolled, block_key)
