"""
The CE Session block's JSON handlers answer any body with JSON and never raise; a refusal (``ok: false``)
changes nothing. Bodies are arbitrary JSON (numbers, ``Infinity``, lists where objects are expected) and
raw bytes that are not JSON at all, sent by a learner, a finalized learner, the course team and nobody.
"""
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from hypothesis import given
from hypothesis import strategies as st
from webob import Request

from devhost_platform.runtime import DevRuntime
from tests.test_block import add_block

from .conftest import baseline, rolled_back, unchanged_if_refused
from .strategies import FUZZ, JSON, TEXT, json_object

QUESTIONS = ["objectives_met", "relevant", "unbiased", "unbiased__comment", "practice_change", "overall", "comments"]
ANSWERS = st.fixed_dictionaries({"answers": st.one_of(json_object(QUESTIONS), JSON)}).map(
    lambda body: json.dumps(body).encode())

HANDLERS = {
    "claim_credits": ["credits"],
    "submit_evaluation": ["answers"],
    "save_session": ["session_title", "display_name", "track", "time_zone", "starts_at_local", "ends_at_local",
                     "speakers", "learning_objectives", "max_credits", "evaluation", "evaluation_required"],
    "suggest_credits": ["starts_at_local", "ends_at_local", "time_zone"],
}


@pytest.fixture
def block(world):
    return add_block(world["activity"], "fuzzed", world["plain"].starts_at.replace(hour=18))


@pytest.mark.parametrize("handler", sorted(HANDLERS))
def test_handler_answers_any_body_with_json(world, block, handler):
    users = [world["ready"], world["done"], world["instructor"], AnonymousUser()]

    before = baseline()

    @FUZZ
    @given(user=st.sampled_from(users), body=st.one_of(
        ANSWERS, json_object(HANDLERS[handler]).map(lambda v: json.dumps(v).encode()),
        JSON.map(lambda v: json.dumps(v).encode()),
        TEXT.map(lambda text: text.encode("utf-8", "surrogatepass")), st.binary(max_size=64)))
    def run(user, body):
        answer = {}
        with rolled_back(), unchanged_if_refused(
                lambda: answer.get("ok") is False or answer.get("status", 200) >= 400, before):
            runtime = DevRuntime(user)
            request = Request.blank("/", method="POST", body=body, content_type="application/json")
            response = runtime.get_block(block).handle(handler, request)
            assert response.status_code < 500
            parsed = json.loads(response.body)
            answer.update(parsed if isinstance(parsed, dict) else {"value": parsed})
            answer["status"] = response.status_code

    run()
