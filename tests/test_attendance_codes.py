"""
Attendance codes are fair: one badge code per learner and activity, refusals counted per learner and
activity and never forgiven by a success, one answer for unknown and taken codes, and staff rebinding.
"""
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from freezegun import freeze_time

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.models import AttendanceCode, AuditEvent, LearnerClaim
from devhost_platform.models import Course
from tests import factories


@pytest.fixture
def badge_meeting(activity, statement_type):
    activity.attendance_mode, activity.support_email = "badge", "cme@example.org"
    activity.save()
    for number in range(1, 25):
        AttendanceCode.objects.create(activity=activity, code=f"AM-{number:04d}", kind="badge")
    return activity


def learner_of(activity, username, statement_type, now):
    user = factories.UserFactory(username=username)
    factories.EnrollmentFactory(user=user, course=Course.objects.get(course_key=activity.course_key))
    api.select_statement_type(user, activity.course_key, statement_type.id, now=now)
    return user


def test_a_learner_holds_one_badge_code_per_activity(badge_meeting, statement_type, now):
    """The hoarding seen in a probe: one account bound 20 sequential codes in 20 requests."""
    hoarder = learner_of(badge_meeting, "hoarder", statement_type, now)
    api.verify_attendance(hoarder, badge_meeting.course_key, "AM-0001", now=now)
    with pytest.raises(errors.AttendanceAlreadyVerified) as refused:
        api.verify_attendance(hoarder, badge_meeting.course_key, "AM-0002", now=now)
    assert "cme@example.org" in str(refused.value.message)
    assert list(AttendanceCode.objects.filter(bound_user=hoarder).values_list("code", flat=True)) == ["AM-0001"]
    holder = learner_of(badge_meeting, "holder", statement_type, now)
    api.verify_attendance(holder, badge_meeting.course_key, "AM-0002", now=now)  # the real holder is not locked out
    api.verify_attendance(hoarder, badge_meeting.course_key, "am-0001", now=now)  # the own code again: fine
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database holds the rule too
        AttendanceCode.objects.filter(code="AM-0003").update(bound_user=hoarder)


def test_refusals_are_not_forgiven_by_a_success(badge_meeting, statement_type, now, settings):
    """The probe cycled wrong guesses with its own valid code and made 40 guesses without a 429."""
    settings.CE_CLAIM_ATTEMPT_LIMIT = 5
    guesser = learner_of(badge_meeting, "guesser", statement_type, now)
    api.verify_attendance(guesser, badge_meeting.course_key, "AM-0007", now=now)
    refused = 0
    for attempt in range(40):
        try:
            api.verify_attendance(guesser, badge_meeting.course_key, f"XX-{attempt:04d}", now=now)
        except errors.AttendanceThrottled:
            break
        except errors.InvalidInputError:
            refused += 1
        try:
            api.verify_attendance(guesser, badge_meeting.course_key, "AM-0007", now=now)  # a success in between
        except errors.AttendanceThrottled:
            break
    assert refused == 5
    with pytest.raises(errors.AttendanceThrottled):
        api.verify_attendance(guesser, badge_meeting.course_key, "AM-0007", now=now)
    later = now + timedelta(seconds=settings.CE_CLAIM_ATTEMPT_WINDOW + 1)
    assert api.verify_attendance(guesser, badge_meeting.course_key, "AM-0007", now=later).attendance_verified_at


def test_refusals_count_per_learner_and_activity(badge_meeting, statement_type, now, settings):
    settings.CE_CLAIM_ATTEMPT_LIMIT = 2
    first = learner_of(badge_meeting, "first", statement_type, now)
    second = learner_of(badge_meeting, "second", statement_type, now)
    for _attempt in range(2):
        with pytest.raises(errors.AttendanceCodeInvalid):
            api.verify_attendance(first, badge_meeting.course_key, "NOPE", now=now)
    with pytest.raises(errors.AttendanceThrottled):
        api.verify_attendance(first, badge_meeting.course_key, "AM-0009", now=now)
    api.verify_attendance(second, badge_meeting.course_key, "AM-0009", now=now)  # another learner is not blocked
    other_activity = factories.ActivityFactory(attendance_mode="badge")
    other_type = factories.StatementTypeFactory(activity=other_activity)
    AttendanceCode.objects.create(activity=other_activity, code="OT-1", kind="badge")
    factories.EnrollmentFactory(user=first, course=Course.objects.get(course_key=other_activity.course_key))
    api.select_statement_type(first, other_activity.course_key, other_type.id, now=now)
    api.verify_attendance(first, other_activity.course_key, "OT-1", now=now)  # nor in another activity


def test_unknown_and_taken_codes_get_one_answer_with_whom_to_contact(badge_meeting, statement_type, now):
    owner = learner_of(badge_meeting, "owner", statement_type, now)
    api.verify_attendance(owner, badge_meeting.course_key, "AM-0011", now=now)
    prober = learner_of(badge_meeting, "prober", statement_type, now)
    answers = []
    for code in ("AM-0011", "AM-9999"):
        with pytest.raises(errors.CEError) as refused:
            api.verify_attendance(prober, badge_meeting.course_key, code, now=now)
        answers.append((type(refused.value), str(refused.value.message), refused.value.params["errors"]))
    assert answers[0] == answers[1]
    assert "cme@example.org" in answers[0][1]


def test_staff_rebind_a_badge_code_with_a_reason(badge_meeting, statement_type, now):
    squatter = learner_of(badge_meeting, "squatter", statement_type, now)
    holder = learner_of(badge_meeting, "rightful", statement_type, now)
    staff = factories.UserFactory(username="cmeoffice", is_staff=True)
    with freeze_time(now):
        api.verify_attendance(squatter, badge_meeting.course_key, "AM-0020", now=now)
        with pytest.raises(errors.InvalidInputError):
            api.rebind_badge_code(staff, badge_meeting.course_key, "AM-0020", "rightful", "  ")
        moved = api.rebind_badge_code(staff, badge_meeting.course_key, "am-0020", "rightful",
                                      "Registration desk confirmed the badge holder")
    assert moved == {"code": "AM-0020", "from": "squatter", "to": "rightful"}
    assert AttendanceCode.objects.get(code="AM-0020").bound_user == holder
    assert LearnerClaim.objects.get(user=squatter).attendance_verified_at is None  # must verify again
    event = AuditEvent.objects.get(action="code_rebound")
    assert event.actor == staff and event.details["reason"] == "Registration desk confirmed the badge holder"
    api.verify_attendance(holder, badge_meeting.course_key, "AM-0020", now=now)
    released = api.rebind_badge_code(staff, badge_meeting.course_key, "AM-0020", "", "Badge returned")
    assert released["to"] is None and AttendanceCode.objects.get(code="AM-0020").bound_user is None
    with pytest.raises(errors.InvalidInputError):
        api.rebind_badge_code(staff, badge_meeting.course_key, "AM-0001", "nobody-of-this-course", "reason")


HOSTILE_EMAILS = [
    "a@example.com", "A.B-c+d@sub.example.co.uk", "x@localhost", "x@[127.0.0.1]", "x@[::1]", "x@[999.1.1.1]",
    "x@-bad.com", "x@bad-.com", "x@exa_mple.com", "x@example.c", "x@example.123", "x@ex..ample.com",
    '"quoted name"@example.com', "a..b@example.com", ".a@example.com", "a.@example.com", "x@@example.com",
    "x@exämple.com", "ü@example.com", "x@example.com.", "x@" + "a" * 64 + ".com", "x@" + "a" * 63 + ".com",
    "a" * 310 + "@example.com", "a" * 300 + "@example.com", "x@xn--bcher-kva.ch", "x@example.com\n",
    "x y@example.com", "x@ex ample.com", "x@example,com", "x;y@example.com", "x@EXAMPLE.COM", "@example.com",
    "x@", "x@example", "x@.example.com",
]


@pytest.mark.parametrize("address", HOSTILE_EMAILS)
def test_the_import_judges_e_mail_addresses_as_djangos_validator_does(address):
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from ce_plugin.services.attendance import EMAIL_SHAPE, _valid_email
    try:
        validate_email(address)
        django_says = True
    except ValidationError:
        django_says = False
    # Django's answer, after the import's shape check (which also asks for a dot in the domain)
    assert _valid_email(address) is (django_says and bool(EMAIL_SHAPE.match(address)))
