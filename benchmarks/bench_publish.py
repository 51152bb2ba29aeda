"""
Publishing a course: the queries that register, update and retire its CE sessions, at 10, 100 and 1,000 blocks.

The figure is the number of SQL queries of ``api.sync_course_sessions`` (what the publish task runs after
reading the published blocks), on first publish, on a publish with nothing changed, and on one where half
the blocks changed and a tenth were removed, beside the target (at most 20 for 100 blocks). Beyond a few
hundred blocks the inserts are split by the database's limit on parameters per statement (999 on the dev
host's SQLite, far more on MySQL), so 1,000 blocks on SQLite take a few more statements of the same size:

    python benchmarks/bench_publish.py
"""
from devhost_env import setup_django

setup_django(DEVHOST_CELERY_BROKER="memory://", DEVHOST_DEBUG="0")

from datetime import datetime, timedelta, timezone  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from opaque_keys.edx.keys import CourseKey  # noqa: E402

from ce_plugin import api  # noqa: E402
from ce_plugin.models import CEActivity  # noqa: E402

TARGET = 20
START = datetime(2026, 6, 10, 12, tzinfo=timezone.utc)


def blocks(key, count, suffix=""):
    return [(key.make_usage_key("ce_session", f"s{n}"), {
        "title": f"Session {n}{suffix if n % 2 else ''}", "starts_at": START + timedelta(minutes=30 * n),
        "ends_at": START + timedelta(minutes=30 * n + 25), "track": f"Track {n % 3}", "speakers": ["Dr. A"],
        "max_credits": {"ama-pra-1": "0.5"}, "evaluation": [], "evaluation_required": False}) for n in range(count)]


def queries(key, pairs):
    with CaptureQueriesContext(connection) as captured:
        api.sync_course_sessions(key, pairs)
    return len(captured)


def main():
    call_command("migrate", verbosity=0)
    print(f"Publishing: queries to register, update and retire sessions (target <= {TARGET} at 100 blocks)")
    for count in (10, 100, 1000):
        key = CourseKey.from_string(f"course-v1:Bench+Publish{count}+2026")
        CEActivity.objects.create(course_key=key, title=f"Publish {count}")
        first = queries(key, blocks(key, count))
        same = queries(key, blocks(key, count))
        changed = queries(key, blocks(key, count, " (revised)")[:count - count // 10])
        worst = max(first, same, changed)
        print(f"  {count:>5} blocks: first {first:>3}, unchanged {same:>3}, half changed and a tenth removed "
              f"{changed:>3}" + (f"  {'pass' if worst <= TARGET else 'MISS'}" if count == 100 else ""))


if __name__ == "__main__":
    main()
