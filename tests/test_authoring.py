"""Authoring: the CE Session editor through the block's handlers in a real runtime, and publishing."""
import json

import pytest
from django.urls import reverse
from django.utils import translation
from webob import Request

from ce_plugin import api
from ce_plugin.models import CESession, SessionClaim
from devhost_platform.models import BlockRecord, CourseRole, Unit
from devhost_platform.runtime import DevRuntime
from devhost_platform.signals import course_published
from tests import factories
from tests.helpers import localized_number_attributes


def valid_form(**overrides):
    form = {
        "session_title": "Rapid molecular diagnostics", "display_name": "", "track": "Clinical",
        "time_zone": "America/New_York", "starts_at_local": "2026-06-10T09:15", "ends_at_local": "2026-06-10T10:45",
        "speakers": ["Dr. Lucas Brennan", "Dr. Hannah Weiss"], "learning_objectives": ["Choose a rapid test"],
        "max_credits": {"ama-pra-1": "", "pace": "1.5"}, "evaluation_required": True,
        "evaluation": [
            {"id": "objectives", "type": "likert", "text": "Objectives met?", "required": True},
            {"id": "format", "type": "single", "text": "Best format?", "required": False,
             "choices": [{"id": "c1", "label": "Lecture"}, {"id": "c2", "label": "Case discussion"}]},
            {"id": "topics", "type": "multiple", "text": "Topics to add?", "required": False,
             "choices": [{"id": "c1", "label": "Sepsis"}, {"id": "c2", "label": "Fungi"}]},
            {"id": "unbiased", "type": "yesno", "text": "Free of commercial bias?", "comment_on_no": True},
            {"id": "comments", "type": "text", "text": "Comments", "required": False},
        ],
    }
    form.update(overrides)
    return form


@pytest.fixture
def block_key(activity):
    course = factories.CourseFactory._meta.model.objects.get(course_key=activity.course_key)
    unit = Unit.objects.create(course=course, title="u1",
                               usage_key=activity.course_key.make_usage_key("vertical", "u1"))
    key = activity.course_key.make_usage_key("ce_session", "talk")
    BlockRecord.objects.create(unit=unit, usage_key=key, block_type="ce_session", fields={})
    return key


@pytest.fixture(autouse=True)
def author(db):
    """Handlers run as a course author unless a test says otherwise."""
    return factories.UserFactory(username="author", is_staff=True)


def handler(key, name, payload, user=None):
    from django.contrib.auth import get_user_model
    runtime = DevRuntime(user or get_user_model().objects.get(username="author"))
    request = Request.blank("/", method="POST", body=json.dumps(payload).encode(), content_type="application/json")
    return json.loads(runtime.get_block(key).handle(name, request).body)


def stored(key):
    return BlockRecord.objects.get(usage_key=key).fields


def test_the_editor_saves_every_field_and_question_type(block_key):
    assert handler(block_key, "save_session", valid_form()) == {"ok": True}
    fields = stored(block_key)
    assert fields["session_title"] == fields["display_name"] == "Rapid molecular diagnostics"
    assert fields["starts_at"] == "2026-06-10T09:15:00-04:00" and fields["ends_at"] == "2026-06-10T10:45:00-04:00"
    assert fields["time_zone"] == "America/New_York" and fields["track"] == "Clinical"
    assert fields["speakers"] == ["Dr. Lucas Brennan", "Dr. Hannah Weiss"]
    assert fields["max_credits"] == {"pace": "1.50"} and fields["evaluation_required"] is True
    assert [q["type"] for q in fields["evaluation"]] == ["likert", "single", "multiple", "yesno", "text"]
    assert fields["evaluation"][3]["comment_on_no"] is True and fields["evaluation"][1]["required"] is False


@pytest.mark.parametrize("overrides, field, message", [
    ({"max_credits": {"ama-pra-1": "-1"}}, "max_credits.ama-pra-1", "A maximum cannot be negative."),
    ({"ends_at_local": "2026-06-10T09:00"}, "ends_at", "The session must end after it starts."),
    ({"evaluation": [{"id": "q1", "type": "likert", "text": ""}]}, "evaluation.questions[0]",
     "The question text is empty."),
    ({"evaluation": [{"id": "q1", "type": "single", "text": "Pick", "choices": [{"id": "a", "label": "Only"}]}]},
     "evaluation.questions[0]", "at least two choices"),
    ({"session_title": " "}, "title", "A title of 1 to 255 characters is required."),
    ({"time_zone": "Mars/Olympus"}, "time_zone", "Choose a time zone"),
    ({"starts_at_local": "soon"}, "starts_at", "Enter a date and time."),
])
def test_invalid_input_is_refused_with_a_message_and_nothing_saved(block_key, overrides, field, message):
    assert handler(block_key, "save_session", valid_form()) == {"ok": True}
    before = stored(block_key)
    result = handler(block_key, "save_session", valid_form(session_title="Changed", **overrides)
                     if "session_title" not in overrides else valid_form(**overrides))
    assert result["ok"] is False and message in result["errors"][field]
    assert stored(block_key) == before


def test_learners_cannot_edit_a_session(block_key, enrolled):
    assert handler(block_key, "save_session", valid_form()) == {"ok": True}
    before = stored(block_key)
    refused = handler(block_key, "save_session", valid_form(session_title="Hijacked"), user=enrolled)
    assert refused == {"ok": False, "errors": {"__all__": "Only the course team can edit this session."}}
    assert stored(block_key) == before
    assert handler(block_key, "suggest_credits", valid_form(), user=enrolled) == {}


def test_suggested_maximum_follows_duration_and_credit_type(block_key):
    suggested = handler(block_key, "suggest_credits", valid_form())
    assert suggested["ama-pra-1"] == "1.50" and suggested["pace"] == "1.50"  # 90 min: 1.5 h; 90/50 floored to 0.5
    assert handler(block_key, "suggest_credits", valid_form(ends_at_local="2026-06-10T09:00")) == {}


def test_the_editor_takes_and_shows_maxima_in_the_authors_notation(block_key, activity, statement_type):
    """In a decimal-comma language the maxima are typed and shown with a comma; stored with a point."""
    with translation.override("eo"):
        assert handler(block_key, "save_session", valid_form(max_credits={"ama-pra-1": "1,25", "pace": "1.5"})) == {
            "ok": True}
        assert stored(block_key)["max_credits"] == {"ama-pra-1": "1.25", "pace": "1.50"}
        assert handler(block_key, "suggest_credits", valid_form())["ama-pra-1"] == "1,50"
        runtime = DevRuntime(None)
        html = runtime.render(runtime.get_block(block_key), "studio_view").body_html()
    assert 'data-code="ama-pra-1" value="1,25" placeholder="1,50"' in html and 'type="number"' not in html
    assert not localized_number_attributes(html), localized_number_attributes(html)
    refused = handler(block_key, "save_session", valid_form(max_credits={"ama-pra-1": "1,000"}))
    assert refused["errors"]["max_credits.ama-pra-1"] == "Not a number of credits."


def test_studio_and_author_views_render(block_key, activity, statement_type):
    handler(block_key, "save_session", valid_form())
    runtime = DevRuntime(None)
    block = runtime.get_block(block_key)
    studio = runtime.render(block, "studio_view")
    assert 'name="session_title" value="Rapid molecular diagnostics"' in studio.body_html()
    assert 'value="2026-06-10T09:15"' in studio.body_html() and "CESessionStudio" in studio.foot_html() + str(
        studio.js_init_fn)
    preview = runtime.render(block, "author_view").body_html()
    assert "Preview: this is how learners see the session." in preview and "Dr. Lucas Brennan" in preview
    assert "AMA PRA Category 1 Credit™ (physicians): <strong>1.50</strong>" in preview


@pytest.mark.parametrize("activity_zone, shown_zone, shown_start", [
    ("America/New_York", "America/New_York", "2026-06-10T09:15"),  # the activity's zone when the block has none
    ("Europe/Berlin", "Europe/Berlin", "2026-06-10T15:15"),
])
def test_editor_shows_times_in_the_zone_it_saves_them_in(block_key, activity, activity_zone, shown_zone, shown_start):
    """A block written without a time zone (an import, an older version) must not move when saved untouched."""
    activity.time_zone = activity_zone
    activity.save()
    BlockRecord.objects.filter(usage_key=block_key).update(fields={
        "session_title": "Imported", "starts_at": "2026-06-10T09:15:00-04:00", "ends_at": "2026-06-10T10:45:00-04:00"})
    runtime = DevRuntime(None)
    html = runtime.render(runtime.get_block(block_key), "studio_view").body_html()
    assert f'value="{shown_zone}"' in html and f'value="{shown_start}"' in html
    shown_end = {"2026-06-10T09:15": "2026-06-10T10:45", "2026-06-10T15:15": "2026-06-10T16:45"}[shown_start]
    assert handler(block_key, "save_session", valid_form(time_zone=shown_zone, starts_at_local=shown_start,
                                                         ends_at_local=shown_end))["ok"]
    from datetime import datetime
    assert datetime.fromisoformat(stored(block_key)["starts_at"]) == datetime.fromisoformat("2026-06-10T13:15:00+00:00")


def add_blocks(activity, count):
    course = factories.CourseFactory._meta.model.objects.get(course_key=activity.course_key)
    keys = []
    for n in range(count):
        unit = Unit.objects.create(course=course, title=f"u{n}", position=n,
                                   usage_key=activity.course_key.make_usage_key("vertical", f"u{n}"))
        key = activity.course_key.make_usage_key("ce_session", f"s{n}")
        BlockRecord.objects.create(unit=unit, usage_key=key, block_type="ce_session", fields={})
        assert handler(key, "save_session", valid_form(session_title=f"Session {n}",
                                                       starts_at_local=f"2026-06-1{n % 4}T0{n % 9}:00",
                                                       ends_at_local=f"2026-06-1{n % 4}T0{n % 9}:50"))["ok"]
        keys.append(key)
    return keys


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Send the publish signal as Studio does; the sync task runs after commit (eagerly here)."""
    def send(activity):
        with django_capture_on_commit_callbacks(execute=True):
            return course_published.send(sender=None, course_key=activity.course_key)
    return send


def test_publishing_registers_updates_and_retires(enrolled, activity, statement_type, now, publish):
    keys = add_blocks(activity, 5)
    publish(activity)
    assert CESession.objects.filter(activity=activity, retired_at__isnull=True).count() == 5
    handler(keys[0], "save_session", valid_form(session_title="Renamed", starts_at_local="2026-06-10T00:00",
                                               ends_at_local="2026-06-10T00:50", evaluation=[]))
    publish(activity)
    assert CESession.objects.get(usage_key=keys[0]).title == "Renamed"
    assert CESession.objects.count() == 5
    api.select_statement_type(enrolled, activity.course_key, statement_type.id, now=now)
    api.record_session_claim(enrolled, keys[0], "0.75", now=now)
    BlockRecord.objects.filter(usage_key=keys[0]).delete()
    publish(activity)
    session = CESession.objects.get(usage_key=keys[0])
    assert session.retired_at is not None and SessionClaim.objects.filter(session=session).exists()
    assert CESession.objects.filter(activity=activity, retired_at__isnull=True).count() == 4


def test_publishing_a_course_without_an_activity_does_nothing(db, django_capture_on_commit_callbacks):
    course = factories.CourseFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        assert course_published.send(sender=None, course_key=course.course_key)[0][1] is False
    assert callbacks == []
    assert not CESession.objects.exists()


def test_dev_host_authoring_pages_are_for_course_staff(client, enrolled, activity, block_key):
    course = factories.CourseFactory._meta.model.objects.get(course_key=activity.course_key)
    unit = Unit.objects.get(course=course)
    edit = reverse("devhost:edit-unit", args=[str(activity.course_key), unit.id])
    client.force_login(enrolled)
    assert client.get(edit).status_code == 403
    assert client.post(reverse("devhost:publish", args=[str(activity.course_key)])).status_code == 403
    staff = factories.UserFactory(username="instructor")
    CourseRole.objects.create(user=staff, course=course, role=CourseRole.STAFF)
    client.force_login(staff)
    assert "ce-studio__form" in client.get(edit).content.decode()
