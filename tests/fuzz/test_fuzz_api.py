"""
Every public function of ``ce_plugin.api`` answers hostile arguments with its result or a domain error
(``CEError``), never another exception, and a refusal leaves the database as it was.

Users and actors come from the world (callers pass ``request.user``); every other argument is anything:
JSON values, strings, numbers, keys (valid, malformed and foreign) and unicode.
"""
import inspect
from datetime import datetime, timezone

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from ce_plugin import api
from ce_plugin.exceptions import CEError

from .conftest import baseline, rolled_back, unchanged_if_refused
from .strategies import FUZZ, JSON, NUMBERS, TEXT

USER_PARAMS = {"user", "actor"}
SKIPPED_PARAMS = {"chunk"}  # an internal batch size, not input
DATES = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(timezone.utc))
KEYS = ("course_key", "usage_key", "value")


def arguments(world, function):
    """A strategy of keyword arguments for ``function``, by the names of its parameters."""
    users = st.sampled_from([world["ready"], world["done"], world["instructor"], AnonymousUser()])
    course_keys = st.one_of(st.just(str(world["activity"].course_key)), st.just(world["activity"].course_key), TEXT,
                            JSON)
    usage_keys = st.one_of(st.sampled_from([world["plain"].usage_key, str(world["evaluated"].usage_key)]), TEXT, JSON)
    per_name = {
        "user": users, "actor": st.one_of(st.none(), users), "course_key": course_keys, "value": course_keys,
        "usage_key": usage_keys, "now": st.one_of(st.none(), DATES), "starts_at": st.one_of(DATES, JSON),
        "ends_at": st.one_of(DATES, JSON), "activity": st.none(), "credits": st.one_of(JSON, NUMBERS),
        "amount": st.one_of(JSON, NUMBERS),
    }
    per_name.update({  # the learner's own records, and certificate files of every kind
        "credit_id": st.one_of(st.just(world["external"]), TEXT, JSON), "completed_on": st.one_of(DATES.map(
            lambda moment: moment.date()), TEXT, JSON), "remove_certificate": st.one_of(st.booleans(), JSON),
        "certificate": st.one_of(st.none(), TEXT, JSON, st.builds(SimpleUploadedFile, st.sampled_from(
            ["c.pdf", "c.png", "c.jpg", "c", "c.svg"]), st.binary(max_size=64).map(lambda body: b"%PDF-" + body))),
    })
    if function in (api.add_past_meeting_session, api.remove_past_meeting_session, api.issue_past_meeting_statement):
        per_name.update({  # the past meeting of the world, its session and statement type, among anything
            "course_key": st.one_of(st.just(world["past_meeting"]), course_keys),
            "usage_key": st.one_of(st.just(world["past_session"]), usage_keys),
            "statement_type_id": st.one_of(st.just(world["past_type"]), JSON),
            "learner": st.one_of(st.sampled_from(["ready", "done@example.com", "office"]), TEXT, JSON),
            "credits": st.one_of(st.dictionaries(st.just(world["past_session"]), st.one_of(TEXT, NUMBERS)), JSON),
        })
    if function is api.missing_step:
        return st.fixed_dictionaries({"activity": st.just(api.get_activity(world["activity"].course_key)),
                                      "claim": st.one_of(st.none(), st.just(api.get_claim(
                                          world["ready"], world["activity"].course_key)))})
    strategies = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name in SKIPPED_PARAMS:
            continue
        strategy = per_name.get(name, st.one_of(JSON, TEXT))
        if parameter.default is inspect.Parameter.empty:
            strategies[name] = strategy
        else:
            strategies[name] = st.one_of(st.just(parameter.default), strategy)
    return st.fixed_dictionaries(strategies)


@pytest.mark.parametrize("name", api.__all__)
def test_api_function_refuses_hostile_arguments_cleanly(world, name):
    function = getattr(api, name)

    before = baseline()

    @FUZZ
    @given(data=st.data())
    def run(data):
        kwargs = data.draw(arguments(world, function))
        outcome = {"refused": False}
        with rolled_back(), unchanged_if_refused(lambda: outcome["refused"], before):
            try:
                function(**kwargs)
            except CEError:
                outcome["refused"] = True

    run()
