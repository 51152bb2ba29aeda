"""
The world the fuzz families run against: a badge-verified activity with disclosures, an evaluated session,
group and badge codes, a learner ready to claim, a learner who finalized (and who recorded credit earned
elsewhere, with its certificate file), the course team, and a past meeting with a session.

Every example runs inside a transaction that is rolled back, so each one starts from this same world;
``refused`` checks that a refusal left every CE table as it was.
"""
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from freezegun import freeze_time
from opaque_keys.edx.keys import CourseKey

from ce_plugin import api
from ce_plugin.evaluations import standard_questions
from ce_plugin.models import AttendanceCode, CreditType, StatementType
from tests import factories
from tests.conftest import _ce_state


def pytest_collection_modifyitems(items):
    """Every test here is a fuzz family: ``make fuzz`` selects them with ``-m fuzz``."""
    for item in items:
        if "tests/fuzz/" in str(item.fspath):
            item.add_marker(pytest.mark.fuzz)


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Run the block in a transaction that is always rolled back, with an empty cache."""
    cache.clear()
    try:
        with transaction.atomic():
            yield
            raise _Rollback()
    except _Rollback:
        pass


# The one write a refusal makes on purpose: a refused attendance code is counted against the learner.
COUNTED_REFUSALS = {"ce_plugin.LearnerClaim": ("attendance_failures", "attendance_failures_since", "modified")}


def baseline():
    """The CE tables as every example starts from them (each runs in a transaction rolled back after it)."""
    return _ce_state(COUNTED_REFUSALS)


@contextmanager
def unchanged_if_refused(refused, before):
    """Yield; if ``refused()`` is then true, assert every CE table is as ``before`` (but for counted refusals)."""
    yield
    if refused():
        assert _ce_state(COUNTED_REFUSALS) == before, "a refused request changed the database"


@pytest.fixture
def world(db, activity, statement_type, instructor):
    from devhost_platform.models import Course
    activity.attendance_mode, activity.support_email = "badge", "cme@example.org"
    activity.save()
    factories.DisclosurePageFactory(activity=activity, position=0, title="Disclosures", body="None.")
    evaluated = factories.SessionFactory(activity=activity, title="Evaluated", evaluation=standard_questions(),
                                         evaluation_required=True)
    plain = factories.SessionFactory(activity=activity, title="Plain",
                                     starts_at=factories.MEETING_START + timedelta(hours=2))
    for code in ("B-1", "B-2", "B-3"):
        AttendanceCode.objects.create(activity=activity, code=code, kind="badge", holder_email=f"{code}@example.org")
    course = Course.objects.get(course_key=activity.course_key)
    ready, done = factories.UserFactory(username="ready"), factories.UserFactory(username="done")
    for user in (ready, done):
        factories.EnrollmentFactory(user=user, course=course)
    now = activity.claim_opens_at + timedelta(days=2)
    with freeze_time(now):
        for user, code in ((ready, "B-1"), (done, "B-2")):
            api.select_statement_type(user, activity.course_key, statement_type.id)
            api.verify_attendance(user, activity.course_key, code)
            api.acknowledge_disclosures(user, activity.course_key)
        api.record_session_claims(done, activity.course_key, {plain.usage_key: "1"})
        api.finalize_claim(done, activity.course_key)
    external = api.add_external_credit(done, "Other Society", "Webinar", "2026-01-15", "ama-pra-1", "1,5",
                                       certificate=SimpleUploadedFile("c.pdf", b"%PDF-1.7\n%%EOF\n"))
    past = factories.ActivityFactory(course_key=CourseKey.from_string("course-v1:TestOrg+Past+2009"),
                                     title="Meeting of 2009", past_meeting=True, claim_opens_at=None,
                                     claim_closes_at=None)
    past_type = StatementType.objects.create(activity=past, credit_type=CreditType.objects.get(code="ama-pra-1"),
                                             name="AMA PRA Category 1 Credit™")
    office = factories.UserFactory(username="office", is_staff=True)
    past_session = api.add_past_meeting_session(office, past.course_key, "Plenary", "2009-05-17", "08:00", "10:00")
    return {"activity": activity, "statement_type": statement_type, "instructor": instructor, "ready": ready,
            "done": done, "evaluated": evaluated, "plain": plain, "now": now, "external": external.id,
            "office": office, "past_meeting": str(past.course_key), "past_type": past_type.id,
            "past_session": past_session.usage_key}
