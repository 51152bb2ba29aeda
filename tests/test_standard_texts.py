"""
The texts the plugin writes into data (the standard evaluation items, the default credit types' names, units and
designations) are stored language-neutral and shown in the reader's language; what authors type stays as typed.
"""
import json
import re

from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from ce_plugin import api
from ce_plugin.evaluations import clean_questions, standard_questions
from ce_plugin.models import CESession, CreditType
from devhost_platform.runtime import DevRuntime
from tests import factories
from tests.test_authoring import block_key, handler, stored, valid_form  # noqa: F401 (block_key is a fixture)
from tests.test_block import add_block, render

OBJECTIVES = "The session met its stated learning objectives (1 = not at all, 5 = fully)."
OBJECTIVES_EO = "[Thé séssîøn mét îts stàtéd léàrnîng øbjéctîvés (1 = nøt àt àll, 5 = füll"
ANSWERS = {"objectives_met": 5, "relevant": 4, "unbiased": "yes", "practice_change": "already", "overall": 5}


def test_a_session_created_in_any_language_stores_the_standard_items_language_neutral(activity, statement_type):
    """The finding: sessions created while another language was active stored its texts, shown to everyone."""
    with translation.override("eo"):
        key = add_block(activity, "talk1", factories.MEETING_START, evaluation=api.standard_evaluation())
    stored_questions = CESession.objects.get(usage_key=key).evaluation
    assert stored_questions == standard_questions()
    assert stored_questions[0] == {"id": "objectives_met", "standard": "objectives_met", "type": "likert",
                                   "text": OBJECTIVES, "required": True}
    assert [c["label"] for c in stored_questions[3]["choices"]] == ["Yes", "I already do this", "No"]


def test_the_block_and_the_claim_page_show_standard_items_in_the_learners_language(client, ready, activity, now):
    key = add_block(activity, "talk1", factories.MEETING_START)
    with translation.override("eo"):
        html = render(ready, key)
    assert OBJECTIVES_EO in html and "[Î àlréàdy dø thîs]" in html and OBJECTIVES not in html
    assert 'value="already"' in html  # answers keep the stable choice ids
    assert OBJECTIVES in render(ready, key)
    client.force_login(ready)
    evaluate = reverse("ce_plugin:claim-evaluate", args=[str(activity.course_key), str(key)])
    with freeze_time(now):
        page = client.get(evaluate, HTTP_ACCEPT_LANGUAGE="eo").content.decode()
        assert OBJECTIVES_EO in page and "[Wàs thé séssîøn fréé øf cømmércîàl bîàs?]" in page
        assert OBJECTIVES in client.get(evaluate, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_questions_stored_in_english_before_are_recognised_as_standard(ready, activity):
    """Rows written before the items carried their key (English texts) display translated, and gain the key."""
    legacy = [{k: v for k, v in q.items() if k != "standard"} for q in standard_questions()]
    session = factories.SessionFactory(activity=activity, evaluation=legacy)
    with translation.override("eo"):
        shown = api.shown_evaluation(session.evaluation)
    assert shown[0]["text"].startswith(OBJECTIVES_EO) and shown[3]["choices"][1]["label"] == "[Î àlréàdy dø thîs]"
    assert clean_questions(legacy) == standard_questions()


def test_the_editor_shows_standard_items_translated_and_saves_them_language_neutral(block_key):  # noqa: F811
    """What the editor showed in the author's language comes back stored as the standard items; an edited item and
    an author's own question are stored as typed. Choice ids stay, so results keep counting by them."""
    factories.UserFactory(username="author", is_staff=True)  # the course author the handlers run as
    with translation.override("eo"):
        runtime = DevRuntime(None)
        html = runtime.render(runtime.get_block(block_key), "studio_view").body_html()
        data = json.loads(re.search(r'<script[^>]*type="application/json">(.*?)</script>', html, re.S).group(1))
        preset = data["preset"]
        assert preset[0]["text"].startswith(OBJECTIVES_EO) and preset[3]["choices"][1]["label"] == "[Î àlréàdy dø thîs]"
        edited = dict(preset[1], text="Relevant to your lab?")
        own = {"id": "q9", "type": "yesno", "text": "Would you come again?", "required": False}
        assert handler(block_key, "save_session", valid_form(evaluation=[preset[0], preset[3], edited, own]))["ok"]
    saved = stored(block_key)["evaluation"]
    assert saved[0] == standard_questions()[0] and saved[1] == standard_questions()[3]
    assert [c["id"] for c in saved[1]["choices"]] == ["yes", "already", "no"]
    assert saved[2] == {"id": "relevant", "type": "likert", "text": "Relevant to your lab?", "required": True}
    assert saved[3] == {**own, "comment_on_no": False}
    with translation.override("eo"):
        runtime = DevRuntime(None)
        html = runtime.render(runtime.get_block(block_key), "studio_view").body_html()
    assert "Relevant to your lab?" in html and "Would you come again?" in html


def test_evaluation_results_keep_the_stable_ids_and_show_the_readers_language(client, ready, activity, instructor,
                                                                             now):
    key = add_block(activity, "talk1", factories.MEETING_START)
    with freeze_time(now):
        api.submit_evaluation(ready, key, ANSWERS)
    with translation.override("eo"):
        (result,) = api.evaluation_results(activity.course_key)
    questions = {q["id"]: q for q in result["questions"]}
    assert questions["objectives_met"]["text"].startswith(OBJECTIVES_EO)
    assert questions["practice_change"]["labels"][1] == "[Î àlréàdy dø thîs]"  # ("Yes", "No": Django's own words)
    assert questions["practice_change"]["counts"] == [0, 1, 0]
    client.force_login(instructor)
    page = client.get(reverse("ce_plugin:staff-evaluations", args=[str(activity.course_key)]),
                      HTTP_ACCEPT_LANGUAGE="eo").content.decode()
    assert OBJECTIVES_EO in page and 'data-question="objectives_met"' in page


def test_default_credit_types_are_shown_in_the_readers_language(ready, activity, statement_type, now):
    """Names and units of the default credit types are message ids in the data, shown translated."""
    ama = CreditType.objects.get(code="ama-pra-1")
    assert (ama.name, ama.unit_label) == ("AMA PRA Category 1 Credit™", "AMA PRA Category 1 Credits™")
    key = add_block(activity, "talk1", factories.MEETING_START)
    with freeze_time(now):
        api.select_statement_type(ready, activity.course_key, statement_type.id)
        api.submit_evaluation(ready, key, ANSWERS)
        with translation.override("eo"):
            html = render(ready, key)
    assert "[ÀMÀ PRÀ Càtégøry 1 Crédîts™]" in html and "AMA PRA Category 1 Credits™" not in html
    with translation.override("eo"):
        summary = api.get_claim_summary(ready, activity.course_key)
    # The default designation, its kind of activity and its maximum in the reader's language and notation.
    assert summary.designation.startswith("[Test Society désîgnàtés thîs [lîvé àctîvîty] før à màxîmüm øf 1,00 ÀMÀ")
