"""ce_plugin.api: what it returns, and that bad input raises a documented error and changes nothing."""
from datetime import datetime, timedelta
from datetime import timezone as tz
from decimal import Decimal

import pytest

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.data import ActivityOverview, LearnerClaimData, SessionData
from ce_plugin.evaluations import standard_questions
from ce_plugin.models import AttendanceCode, AuditEvent, CESession, LearnerClaim, SessionClaim
from ce_plugin.statuses import ClaimStatus
from tests import factories

MALFORMED = "not a key"
UNKNOWN_COURSE = "course-v1:Nobody+None+2000"
UNKNOWN_USAGE = "block-v1:Nobody+None+2000+type@ce_session+block@x"


def good_answers():
    return {"objectives_met": 5, "relevant": 4, "unbiased": "yes", "practice_change": "yes", "overall": 5}


# --- reading ---------------------------------------------------------------------------------

def test_overview_lists_live_sessions_in_time_order(activity, statement_type, django_assert_max_num_queries):
    late = factories.SessionFactory(activity=activity, starts_at=factories.MEETING_START + timedelta(hours=3))
    early = factories.SessionFactory(activity=activity)
    factories.SessionFactory(activity=activity, retired_at=factories.MEETING_START)
    with django_assert_max_num_queries(4):
        overview = api.get_activity_overview(activity.course_key)
    assert isinstance(overview, ActivityOverview)
    assert [s.usage_key for s in overview.sessions] == [str(early.usage_key), str(late.usage_key)]
    assert [st.name for st in overview.activity.statement_types] == [statement_type.name]
    assert api.list_sessions(str(activity.course_key)) == overview.sessions


@pytest.mark.parametrize("call", [
    lambda user: api.get_activity(MALFORMED),
    lambda user: api.list_sessions(MALFORMED),
    lambda user: api.get_activity_overview(MALFORMED),
    lambda user: api.get_session(MALFORMED),
    lambda user: api.get_claim(user, MALFORMED),
    lambda user: api.get_evaluation(user, MALFORMED),
    lambda user: api.select_statement_type(user, MALFORMED, 1),
    lambda user: api.verify_attendance(user, MALFORMED, "X"),
    lambda user: api.acknowledge_disclosures(user, MALFORMED),
    lambda user: api.record_session_claim(user, MALFORMED, "1"),
    lambda user: api.submit_evaluation(user, MALFORMED, {}),
    lambda user: api.finalize_claim(user, MALFORMED),
    lambda user: api.retire_session(MALFORMED),
    lambda user: api.register_session(MALFORMED, title="x", starts_at=None, ends_at=None),
])
def test_malformed_keys_raise_invalid_key(call, learner, unchanged):
    with unchanged(), pytest.raises(errors.InvalidKeyError):
        call(learner)


@pytest.mark.parametrize("call, error", [
    (lambda user: api.get_activity(UNKNOWN_COURSE), errors.ActivityNotFound),
    (lambda user: api.get_claim(user, UNKNOWN_COURSE), errors.ActivityNotFound),
    (lambda user: api.select_statement_type(user, UNKNOWN_COURSE, 1), errors.ActivityNotFound),
    (lambda user: api.verify_attendance(user, UNKNOWN_COURSE, "X"), errors.ActivityNotFound),
    (lambda user: api.acknowledge_disclosures(user, UNKNOWN_COURSE), errors.ActivityNotFound),
    (lambda user: api.finalize_claim(user, UNKNOWN_COURSE), errors.ActivityNotFound),
    (lambda user: api.get_session(UNKNOWN_USAGE), errors.SessionNotFound),
    (lambda user: api.record_session_claim(user, UNKNOWN_USAGE, "1"), errors.SessionNotFound),
    (lambda user: api.submit_evaluation(user, UNKNOWN_USAGE, {}), errors.SessionNotFound),
])
def test_unknown_keys_raise_not_found(call, error, learner, unchanged):
    with unchanged(), pytest.raises(error):
        call(learner)


# --- registering sessions from blocks --------------------------------------------------------

def block_fields(**overrides):
    start = datetime(2026, 6, 10, 9, 0, tzinfo=tz.utc)
    fields = {"title": "Rapid diagnostics", "starts_at": start, "ends_at": start + timedelta(minutes=90),
              "track": "Clinical", "speakers": ["Dr. A"], "learning_objectives": ["Describe X"],
              "max_credits": {"ama-pra-1": "1.50"}, "evaluation": standard_questions(), "evaluation_required": True}
    fields.update(overrides)
    return fields


def test_register_update_retire_and_revive(activity):
    key = activity.course_key.make_usage_key("ce_session", "talk1")
    created = api.register_session(key, **block_fields())
    assert isinstance(created, SessionData) and created.title == "Rapid diagnostics"
    assert created.max_credit_overrides == {"ama-pra-1": "1.50"}
    assert created.evaluation_required and len(created.evaluation) == len(standard_questions())
    updated = api.register_session(str(key), **block_fields(title="Rapid diagnostics, revised"))
    assert updated.title == "Rapid diagnostics, revised"
    assert CESession.objects.filter(usage_key=key).count() == 1
    api.retire_session(key)
    with pytest.raises(errors.SessionNotFound):
        api.get_session(key)
    api.register_session(key, **block_fields())
    assert api.get_session(key).retired is False
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["session_registered", "session_updated", "session_updated", "session_updated"]


@pytest.mark.parametrize("overrides, field", [
    ({"title": "  "}, "title"),
    ({"starts_at": datetime(2026, 6, 10, 9, 0)}, "starts_at"),
    ({"ends_at": datetime(2026, 6, 10, 8, 0, tzinfo=tz.utc)}, "ends_at"),
    ({"max_credits": {"ama-pra-1": "-1"}}, "max_credits.ama-pra-1"),
    ({"max_credits": {"ama-pra-1": "lots"}}, "max_credits.ama-pra-1"),
    ({"max_credits": {"nonexistent": "1"}}, "max_credits.nonexistent"),
    ({"speakers": "Dr. A"}, "speakers"),
    ({"evaluation": [{"id": "q", "type": "likert", "text": ""}]}, "evaluation.questions[0]"),
    ({"evaluation": [{"id": "q", "type": "essay", "text": "Why?"}]}, "evaluation.questions[0]"),
])
def test_register_session_refuses_bad_fields(activity, overrides, field, unchanged):
    key = activity.course_key.make_usage_key("ce_session", "talk1")
    with unchanged(), pytest.raises(errors.InvalidInputError) as raised:
        api.register_session(key, **block_fields(**overrides))
    assert field in raised.value.params["errors"]


def test_register_session_needs_an_activity(db, unchanged):
    with unchanged(), pytest.raises(errors.ActivityNotFound):
        api.register_session(UNKNOWN_USAGE, **block_fields())


# --- claiming ----------------------------------------------------------------------------------

def test_claim_flow_and_idempotent_finalize(ready, activity, session, now):
    claim = api.record_session_claim(ready, session.usage_key, "0.75", now=now)
    assert isinstance(claim, LearnerClaimData)
    assert claim.session_credits == {str(session.usage_key): Decimal("0.75")}
    assert claim.total_credits == Decimal("0.75")
    first = api.finalize_claim(ready, activity.course_key, now=now)
    assert first.status == ClaimStatus.FINALIZED and first.finalized_at == now
    events = AuditEvent.objects.count()
    again = api.finalize_claim(ready, activity.course_key, now=now + timedelta(hours=1))
    assert again == first
    assert AuditEvent.objects.count() == events


def test_zero_removes_a_line(ready, session, now):
    api.record_session_claim(ready, session.usage_key, "1", now=now)
    claim = api.record_session_claim(ready, session.usage_key, "0", now=now)
    assert claim.session_credits == {}
    assert not SessionClaim.objects.exists()


@pytest.mark.parametrize("credits, error", [
    ("-0.25", errors.CreditAmountError),
    ("0.30", errors.CreditAmountError),
    ("1.25", errors.CreditAmountError),
    ("lots", errors.CreditAmountError),
    (None, errors.CreditAmountError),
    ("0.125", errors.CreditAmountError),
])
def test_bad_credit_amounts_are_refused(ready, session, now, credits, error, unchanged):
    with unchanged(), pytest.raises(error) as raised:
        api.record_session_claim(ready, session.usage_key, credits, now=now)
    assert str(raised.value.message)


def test_overlap_and_cap_are_refused(ready, activity, now, unchanged):
    a = factories.SessionFactory(activity=activity)
    b = factories.SessionFactory(activity=activity)
    api.record_session_claim(ready, a.usage_key, "0.75", now=now)
    with unchanged(), pytest.raises(errors.OverlapError):
        api.record_session_claim(ready, b.usage_key, "0.50", now=now)
    activity.credit_caps = {"ama-pra-1": "1.00"}
    activity.save()
    c = factories.SessionFactory(activity=activity, starts_at=factories.MEETING_START + timedelta(hours=2))
    with unchanged(), pytest.raises(errors.ActivityCapError):
        api.record_session_claim(ready, c.usage_key, "0.50", now=now)


@pytest.mark.parametrize("shift, code", [(-timedelta(days=3), "window_not_open"),
                                         (timedelta(days=60), "window_closed")])
def test_claims_outside_the_window_are_refused(ready, session, now, shift, code, unchanged):
    with unchanged(), pytest.raises(errors.ClaimWindowError) as raised:
        api.record_session_claim(ready, session.usage_key, "1", now=now + shift)
    assert raised.value.violation.code == code


def test_a_staff_extension_reopens_the_window_for_one_learner(ready, activity, session, now):
    late = activity.claim_closes_at + timedelta(days=2)
    LearnerClaim.objects.filter(user=ready).update(window_closes_at=late + timedelta(days=1))
    assert api.record_session_claim(ready, session.usage_key, "1", now=late).total_credits == Decimal("1.00")


def test_nothing_changes_after_finalization(ready, activity, session, now, unchanged):
    session.evaluation, session.evaluation_required = standard_questions(), False
    session.save()
    api.record_session_claim(ready, session.usage_key, "1", now=now)
    api.finalize_claim(ready, activity.course_key, now=now)
    calls = [
        lambda: api.record_session_claim(ready, session.usage_key, "0.5", now=now),
        lambda: api.record_session_claim(ready, session.usage_key, "0", now=now),
        lambda: api.select_statement_type(ready, activity.course_key, activity.statement_types.get().id, now=now),
        lambda: api.acknowledge_disclosures(ready, activity.course_key),
        lambda: api.verify_attendance(ready, activity.course_key, "X"),
        lambda: api.submit_evaluation(ready, session.usage_key, good_answers()),
    ]
    for call in calls:
        with unchanged(), pytest.raises(errors.ClaimFinalizedError):
            call()


def test_steps_before_claiming(enrolled, activity, statement_type, session, now, unchanged):
    with unchanged(), pytest.raises(errors.StatementTypeRequired):
        api.record_session_claim(enrolled, session.usage_key, "1", now=now)
    activity.attendance_mode = "badge"
    activity.save()
    factories.DisclosurePageFactory(activity=activity)
    api.select_statement_type(enrolled, activity.course_key, statement_type.id, now=now)
    with unchanged(), pytest.raises(errors.AttendanceRequired):
        api.record_session_claim(enrolled, session.usage_key, "1", now=now)
    AttendanceCode.objects.create(activity=activity, code="B-1", kind="badge")
    api.verify_attendance(enrolled, activity.course_key, "b-1", now=now)
    with unchanged(), pytest.raises(errors.DisclosuresRequired):
        api.record_session_claim(enrolled, session.usage_key, "1", now=now)
    api.acknowledge_disclosures(enrolled, activity.course_key, now=now)
    assert api.record_session_claim(enrolled, session.usage_key, "1", now=now).total_credits == Decimal("1.00")


def test_badge_codes_bind_to_the_first_learner(enrolled, activity, statement_type, now, unchanged):
    activity.attendance_mode = "badge"
    activity.save()
    AttendanceCode.objects.create(activity=activity, code="B-7", kind="badge")
    other = factories.UserFactory(username="colleague")
    course = factories.CourseFactory._meta.model.objects.get(course_key=activity.course_key)
    factories.EnrollmentFactory(user=other, course=course)
    api.select_statement_type(enrolled, activity.course_key, statement_type.id, now=now)
    api.select_statement_type(other, activity.course_key, statement_type.id, now=now)
    api.verify_attendance(enrolled, activity.course_key, "B-7", now=now)
    with pytest.raises(errors.AttendanceCodeInvalid) as taken:
        api.verify_attendance(other, activity.course_key, "B-7", now=now)
    with pytest.raises(errors.AttendanceCodeInvalid) as unknown:
        api.verify_attendance(other, activity.course_key, "WRONG", now=now)
    # One answer for a code in use and a code that does not exist: it tells nobody which codes exist.
    assert str(taken.value.message) == str(unknown.value.message)
    assert taken.value.params["errors"] == unknown.value.params["errors"] == {"code": "refused"}
    assert AttendanceCode.objects.get(code="B-7").bound_user == enrolled
    assert LearnerClaim.objects.get(user=other).attendance_failures == 2  # each refusal counts


def test_required_evaluation_comes_before_credit(ready, activity, session, now, unchanged):
    session.evaluation, session.evaluation_required = standard_questions(), True
    session.save()
    with unchanged(), pytest.raises(errors.EvaluationRequired):
        api.record_session_claim(ready, session.usage_key, "1", now=now)
    with unchanged(), pytest.raises(errors.InvalidInputError) as raised:
        api.submit_evaluation(ready, session.usage_key, {**good_answers(), "unbiased": "no"})
    assert "unbiased" in raised.value.params["errors"]
    api.submit_evaluation(ready, session.usage_key, good_answers())
    with unchanged(), pytest.raises(errors.EvaluationAlreadySubmitted):
        api.submit_evaluation(ready, session.usage_key, good_answers())
    assert api.record_session_claim(ready, session.usage_key, "1", now=now).evaluated_sessions == {
        str(session.usage_key)}


def test_learners_not_enrolled_are_refused(learner, activity, statement_type, session, now, unchanged):
    for call in (lambda: api.select_statement_type(learner, activity.course_key, statement_type.id, now=now),
                 lambda: api.record_session_claim(learner, session.usage_key, "1", now=now)):
        with unchanged(), pytest.raises(errors.NotEnrolledError):
            call()


def test_select_statement_type_validates(enrolled, activity, statement_type, now, unchanged):
    acpe = factories.StatementTypeFactory(activity=activity, name="ACPE",
                                          credit_type=factories.CreditType.objects.get(code="acpe"))
    with unchanged(), pytest.raises(errors.StatementTypeNotFound):
        api.select_statement_type(enrolled, activity.course_key, 999999, now=now)
    with unchanged(), pytest.raises(errors.StatementTypeNotFound):
        api.select_statement_type(enrolled, activity.course_key, "abc", now=now)
    with unchanged(), pytest.raises(errors.InvalidInputError) as raised:
        api.select_statement_type(enrolled, activity.course_key, acpe.id,
                                  {"nabp_eprofile_id": "12", "birth_mmdd": "0231"}, now=now)
    assert set(raised.value.params["errors"]) == {"nabp_eprofile_id", "birth_mmdd"}
    claim = api.select_statement_type(enrolled, activity.course_key, acpe.id,
                                      {"nabp_eprofile_id": "1234567", "birth_mmdd": "0731"}, now=now)
    assert claim.profile == {"nabp_eprofile_id": "1234567", "birth_mmdd": "0731"}


def test_finalize_refusals(ready, activity, session, now, unchanged):
    with unchanged(), pytest.raises(errors.NothingClaimed):
        api.finalize_claim(ready, activity.course_key, now=now)
    api.record_session_claim(ready, session.usage_key, "1", now=now)
    with unchanged(), pytest.raises(errors.ClaimWindowError):
        api.finalize_claim(ready, activity.course_key, now=now + timedelta(days=90))
    session.evaluation, session.evaluation_required = standard_questions(), True
    session.save()
    with unchanged(), pytest.raises(errors.EvaluationRequired):
        api.finalize_claim(ready, activity.course_key, now=now)


def test_retire_user_keeps_credits_and_drops_personal_data(ready, activity, session, now):
    session.evaluation = standard_questions()
    session.save()
    api.submit_evaluation(ready, session.usage_key, {**good_answers(), "comments": "Dr. X was late"})
    LearnerClaim.objects.filter(user=ready).update(profile={"license_number": "A123"})
    api.record_session_claim(ready, session.usage_key, "1", now=now)
    api.retire_user(ready)
    assert LearnerClaim.objects.get(user=ready).profile == {}
    assert SessionClaim.objects.get().credits == Decimal("1.00")
    response = session.evaluations.get()
    assert response.user is None and response.answers["comments"] == "" and response.answers["overall"] == 5


@pytest.mark.parametrize("count", [2, 20])
def test_claiming_many_sessions_at_once_costs_a_fixed_number_of_queries(ready, activity, now, count,
                                                                       django_assert_max_num_queries):
    sessions = [factories.SessionFactory(activity=activity, starts_at=factories.MEETING_START + timedelta(hours=n))
                for n in range(count)]
    with django_assert_max_num_queries(14):
        claim = api.record_session_claims(ready, activity.course_key, {s.usage_key: "1" for s in sessions}, now=now)
    assert len(claim.session_credits) == count
    with django_assert_max_num_queries(14):
        claim = api.record_session_claims(ready, activity.course_key,
                                          {s.usage_key: "0.5" if i % 2 else "0" for i, s in enumerate(sessions)},
                                          now=now)
    assert set(claim.session_credits.values()) == {Decimal("0.50")} and len(claim.session_credits) == count // 2
    assert AuditEvent.objects.filter(action="credits_removed").count() == count // 2
