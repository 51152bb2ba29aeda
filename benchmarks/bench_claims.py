"""
The last day of a large meeting: many learners claim ten sessions each and finalize.

Prints the median time and the number of SQL queries of one learner's claim (all ten sessions in
one post) and of one finalization, and the total for N learners, on the dev host's settings with a
throw-away SQLite database (PDF rendering is left to the worker, as in production):

    python benchmarks/bench_claims.py [learners]
"""
import statistics
import sys
import time

from devhost_env import setup_django

setup_django(DEVHOST_CELERY_BROKER="memory://", DEVHOST_DEBUG="0")

from datetime import datetime, timedelta, timezone  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from opaque_keys.edx.keys import CourseKey  # noqa: E402

from ce_plugin import api  # noqa: E402
from ce_plugin.models import CEActivity, CESession, CreditType, StatementType  # noqa: E402
from devhost_platform.models import Course, Enrollment  # noqa: E402

START = datetime(2026, 6, 10, 12, tzinfo=timezone.utc)


def setup(learners):
    call_command("migrate", verbosity=0)
    key = CourseKey.from_string("course-v1:Bench+Claims+2026")
    course = Course.objects.create(course_key=key, title="Claims benchmark")
    activity = CEActivity.objects.create(course_key=key, title="Claims benchmark", published=True,
                                         credit_caps={"ama-pra-1": "30"})
    statement_type = StatementType.objects.create(activity=activity, name="AMA",
                                                  credit_type=CreditType.objects.get(code="ama-pra-1"))
    sessions = [CESession.objects.create(activity=activity, usage_key=key.make_usage_key("ce_session", f"s{n}"),
                                         title=f"Session {n}", starts_at=START + timedelta(hours=n),
                                         ends_at=START + timedelta(hours=n, minutes=60), evaluation_required=False)
                for n in range(36)]
    users = get_user_model().objects.bulk_create([get_user_model()(username=f"u{n}") for n in range(learners)])
    Enrollment.objects.bulk_create([Enrollment(user=user, course=course) for user in users])
    return key, statement_type, sessions, list(get_user_model().objects.filter(username__startswith="u"))


def main(learners=200):
    key, statement_type, sessions, users = setup(learners)
    now = START + timedelta(days=2)
    claim_times, finalize_times, claim_queries, finalize_queries = [], [], [], []
    began = time.perf_counter()
    for index, user in enumerate(users):
        connection.queries_log.clear()
        api.select_statement_type(user, key, statement_type.id, now=now)
        chosen = {sessions[(index + n) % 36].usage_key: "1" for n in range(10)}
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            api.record_session_claims(user, key, chosen, now=now)
            claim_times.append(time.perf_counter() - t0)
        claim_queries.append(len(queries))
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            api.finalize_claim(user, key, now=now)
            finalize_times.append(time.perf_counter() - t0)
        finalize_queries.append(len(queries))
    total = time.perf_counter() - began
    print(f"learners: {learners}")
    print(f"claim of 10 sessions: median {statistics.median(claim_times) * 1000:6.1f} ms, "
          f"{statistics.median(claim_queries):.0f} queries")
    print(f"finalize:             median {statistics.median(finalize_times) * 1000:6.1f} ms, "
          f"{statistics.median(finalize_queries):.0f} queries")
    print(f"all learners, one process: {total:6.1f} s ({learners / total:,.1f} learners per second)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
