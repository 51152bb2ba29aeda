"""
Races a meeting's last day produces, run on a server with row locks (MariaDB, as the LMS runs MySQL 8):
20 finalizations of one claim at once, 20 claim edits racing for the last credits under a cap, and two
accounts racing for one badge code. Threads start together at a barrier, each on its own connection.

These run in the MariaDB pass of ``make test`` (marker ``rowlocks``); SQLite has no row locks to prove.
"""
import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.models import AttendanceCode, LearnerClaim, SessionClaim, Statement
from devhost_platform.models import Course
from tests import factories

pytestmark = [pytest.mark.rowlocks, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def default_credit_types():
    """Transactional tests empty the tables after each test, data migrations' rows included: load them again."""
    from ce_plugin.credit_types import DEFAULT_CREDIT_TYPES
    from ce_plugin.models import CreditType
    for row in DEFAULT_CREDIT_TYPES:
        CreditType.objects.get_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})


def race(count, action):
    """Run ``action(index)`` in ``count`` threads released together; returns their results or exceptions."""
    barrier, results = threading.Barrier(count), [None] * count

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = action(index)
        except Exception as exc:  # noqa: BLE001 - the race's outcome, inspected by the test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    close_old_connections()
    return results


def enrolled_learner(activity, username):
    user = factories.UserFactory(username=username)
    factories.EnrollmentFactory(user=user, course=Course.objects.get(course_key=activity.course_key))
    return user


def test_twenty_simultaneous_finalizations_issue_one_statement(activity, statement_type):
    learner = enrolled_learner(activity, "racer")
    now = activity.claim_opens_at + timedelta(days=2)
    session = factories.SessionFactory(activity=activity)
    api.select_statement_type(learner, activity.course_key, statement_type.id, now=now)
    api.record_session_claim(learner, session.usage_key, "1", now=now)
    results = race(20, lambda _index: api.finalize_claim(learner, activity.course_key, now=now))
    assert all(getattr(result, "is_finalized", False) for result in results), results
    assert Statement.objects.filter(user=learner).count() == 1


def test_twenty_claim_edits_never_pass_the_activity_cap(activity, statement_type):
    activity.credit_caps = {"ama-pra-1": "3.00"}
    activity.save()
    learner = enrolled_learner(activity, "claimer")
    now = activity.claim_opens_at + timedelta(days=2)
    sessions = [factories.SessionFactory(activity=activity, starts_at=factories.MEETING_START + timedelta(hours=n))
                for n in range(20)]
    api.select_statement_type(learner, activity.course_key, statement_type.id, now=now)
    results = race(20, lambda index: api.record_session_claim(learner, sessions[index].usage_key, "1", now=now))
    accepted = [result for result in results if not isinstance(result, Exception)]
    refused = [result for result in results if isinstance(result, errors.CEError)]
    assert len(accepted) == 3 and len(refused) == 17, results
    total = sum(line.credits for line in SessionClaim.objects.filter(claim__user=learner))
    assert total == 3


def test_two_accounts_racing_for_one_badge_code(activity, statement_type):
    activity.attendance_mode = "badge"
    activity.save()
    AttendanceCode.objects.create(activity=activity, code="AM-0042", kind="badge")
    now = activity.claim_opens_at + timedelta(days=2)
    rivals = [enrolled_learner(activity, f"rival{n}") for n in range(2)]
    for rival in rivals:
        api.select_statement_type(rival, activity.course_key, statement_type.id, now=now)
    results = race(2, lambda index: api.verify_attendance(rivals[index], activity.course_key, "AM-0042", now=now))
    winners = [result for result in results if not isinstance(result, Exception)]
    assert len(winners) == 1 and isinstance([r for r in results if r not in winners][0], errors.AttendanceCodeInvalid)
    code = AttendanceCode.objects.get(code="AM-0042")
    assert LearnerClaim.objects.filter(attendance_code=code).count() == 1
    assert LearnerClaim.objects.get(attendance_code=code).user == code.bound_user
