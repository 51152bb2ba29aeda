"""
The claim page as a learner opens it, at meetings of 10, 300 and 1,000 sessions.

Each meeting runs four days in three parallel tracks; the learner has chosen a statement and claimed a
few sessions. The page (the busiest day) is requested through Django's test client on the dev host's
settings and a throw-away SQLite database; the figures are the median wall time of 30 requests and the
number of SQL queries of one, beside the targets:

    python benchmarks/bench_claim_page.py
"""
import statistics
import time

from devhost_env import setup_django

setup_django(DEVHOST_CELERY_BROKER="memory://", DEVHOST_DEBUG="0")

from datetime import datetime, timedelta, timezone  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from opaque_keys.edx.keys import CourseKey  # noqa: E402

from ce_plugin import api  # noqa: E402
from ce_plugin.models import CEActivity, CESession, CreditType, StatementType  # noqa: E402
from devhost_platform.models import Course, Enrollment  # noqa: E402

START = datetime(2026, 6, 10, 12, tzinfo=timezone.utc)
TARGET_MS, TARGET_QUERIES, RUNS = 100, 12, 30


def meeting(sessions):
    key = CourseKey.from_string(f"course-v1:Bench+Page{sessions}+2026")
    course = Course.objects.create(course_key=key, title=f"Meeting of {sessions} sessions")
    activity = CEActivity.objects.create(course_key=key, title=course.title, published=True,
                                         claim_opens_at=START - timedelta(days=1),
                                         claim_closes_at=START + timedelta(days=60))
    statement_type = StatementType.objects.create(activity=activity, name="AMA",
                                                  credit_type=CreditType.objects.get(code="ama-pra-1"))
    per_day = -(-sessions // 4)
    rows = []
    for n in range(sessions):
        day, slot = divmod(n, per_day)
        starts = START + timedelta(days=day, minutes=20 * (slot // 3))  # three tracks in parallel
        rows.append(CESession(activity=activity, usage_key=key.make_usage_key("ce_session", f"s{n}"),
                              title=f"Session {n}: a talk with a realistic, fairly long title", track=f"Track {n % 3}",
                              speakers=["Dr. A. Speaker", "Dr. B. Speaker"], starts_at=starts,
                              ends_at=starts + timedelta(minutes=60), evaluation_required=False))
    CESession.objects.bulk_create(rows)
    learner = get_user_model().objects.create(username=f"learner{sessions}")
    Enrollment.objects.create(user=learner, course=course)
    now = START + timedelta(days=5)
    api.select_statement_type(learner, key, statement_type.id, now=now)
    api.record_session_claims(learner, key, {rows[n].usage_key: "0.25" for n in range(0, min(sessions, 9), 3)},
                              now=now)
    return key, learner


def measure(sessions):
    key, learner = meeting(sessions)
    client = Client()
    client.force_login(learner)
    url = reverse("ce_plugin:claim", args=[str(key)]) + "?day=2026-06-10"
    client.get(url)  # warm caches (the designated maximum) as a learner's second visit would
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - began) * 1000)
    shown = response.content.decode().count("data-session=")
    return statistics.median(times), len(queries), shown, len(response.content)


def main():
    call_command("migrate", verbosity=0)
    results = {}
    for sessions in (10, 300, 1000):
        p50, queries, shown, size = measure(sessions)
        results[sessions] = p50
        verdict = "pass" if p50 <= TARGET_MS and queries <= TARGET_QUERIES else "MISS"
        print(f"claim page, {sessions:5d} sessions ({shown:3d} on the day shown, {size / 1024:5.0f} KiB): "
              f"p50 {p50:6.1f} ms (target <= {TARGET_MS} ms), {queries} queries (target <= {TARGET_QUERIES})"
              f"  {verdict}")
    ratio = results[1000] / results[300]
    print(f"claim page, 1,000 vs 300 sessions: {ratio:.2f}x the time (flat: the page shows one day)")


if __name__ == "__main__":
    main()
