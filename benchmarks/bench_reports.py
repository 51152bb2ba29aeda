"""
What the CE office opens after a large meeting: the evaluation results and the claims roster.

Creates N learners who each evaluated ten of 36 sessions (standard questions, a comment on one in
ten) and finalized, then prints the time, the number of SQL queries and the peak Python memory of
``api.evaluation_results`` and of ``api.claims_roster`` (whole roster, and the 200-row page), on
the dev host's settings with a throw-away SQLite database:

    python benchmarks/bench_reports.py [learners]
"""
import sys
import time
import tracemalloc

from devhost_env import setup_django

setup_django(DEVHOST_CELERY_BROKER="memory://", DEVHOST_DEBUG="0")

from datetime import datetime, timedelta, timezone  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from opaque_keys.edx.keys import CourseKey  # noqa: E402

from ce_plugin import api  # noqa: E402
from ce_plugin.evaluations import standard_questions  # noqa: E402
from ce_plugin.models import (  # noqa: E402
    CEActivity,
    CESession,
    CreditType,
    EvaluationResponse,
    LearnerClaim,
    SessionClaim,
    StatementType,
)
from ce_plugin.statuses import ClaimStatus  # noqa: E402

START = datetime(2026, 6, 10, 12, tzinfo=timezone.utc)


def setup(learners):
    call_command("migrate", verbosity=0)
    key = CourseKey.from_string("course-v1:Bench+Reports+2026")
    activity = CEActivity.objects.create(course_key=key, title="Reports benchmark", published=True)
    statement_type = StatementType.objects.create(activity=activity, name="AMA",
                                                  credit_type=CreditType.objects.get(code="ama-pra-1"))
    questions = standard_questions()
    sessions = [CESession.objects.create(activity=activity, usage_key=key.make_usage_key("ce_session", f"s{n}"),
                                         title=f"Session {n}", starts_at=START + timedelta(hours=n),
                                         ends_at=START + timedelta(hours=n, minutes=60), evaluation=questions)
                for n in range(36)]
    get_user_model().objects.bulk_create([get_user_model()(username=f"u{n}", email=f"u{n}@example.org")
                                          for n in range(learners)])
    users = list(get_user_model().objects.filter(username__startswith="u"))
    claims = LearnerClaim.objects.bulk_create([
        LearnerClaim(activity=activity, user=user, statement_type=statement_type, status=ClaimStatus.FINALIZED,
                     finalized_at=START + timedelta(days=3)) for user in users])
    claims = list(LearnerClaim.objects.filter(activity=activity))
    lines, responses = [], []
    for index, claim in enumerate(claims):
        for offset in range(10):
            session = sessions[(index + offset) % len(sessions)]
            lines.append(SessionClaim(claim=claim, session=session, credits=Decimal("1")))
            answers = {"objectives_met": 1 + (index + offset) % 5, "relevant": 4, "unbiased": "yes",
                       "practice_change": "yes", "overall": 5}
            if (index + offset) % 10 == 0:
                answers.update(unbiased="no", unbiased__comment="Brand names on slides", comments="More cases")
            responses.append(EvaluationResponse(session=session, user_id=claim.user_id, answers=answers,
                                                questions=questions, submitted_at=START + timedelta(hours=offset)))
    SessionClaim.objects.bulk_create(lines, batch_size=5000)
    EvaluationResponse.objects.bulk_create(responses, batch_size=5000)
    return key


def measure(label, call):
    """Time one call (best of three), then run it again under tracemalloc for its peak memory."""
    elapsed = float("inf")
    for _attempt in range(3):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = call()
            elapsed = min(elapsed, time.perf_counter() - started)
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:<34} {elapsed * 1000:8.0f} ms  {len(queries):3d} queries  peak {peak / 2**20:6.1f} MiB")
    return result


def main(learners=2000):
    key = setup(learners)
    print(f"learners: {learners}, evaluation responses: {learners * 10}")
    measure("evaluation results", lambda: api.evaluation_results(key))
    measure("claims roster, every claim", lambda: api.claims_roster(key))
    measure("claims roster, first 200 (page)", lambda: api.claims_roster(key, limit=200))
    measure("claim counts", lambda: api.claim_counts(key))


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:2]))
