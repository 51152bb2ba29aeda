"""
Time the import of 100,000 badge codes from a registration CSV, and its idempotent re-import.

The target is the CPU time of the first import (parsing, validating every code and e-mail, writing):
at most 1.5 s for 100,000 rows. Wall time is printed beside it.

Runs against the dev host's settings with a throw-away SQLite database:

    python benchmarks/bench_import.py [rows]
"""
import sys
import time

from devhost_env import setup_django

setup_django(DEVHOST_DEBUG="0")  # as in production: no SQL kept per query

from django.core.management import call_command  # noqa: E402
from opaque_keys.edx.keys import CourseKey  # noqa: E402

from ce_plugin import api  # noqa: E402
from ce_plugin.models import CEActivity  # noqa: E402

TARGET_CPU = 1.5


def main(rows=100_000):
    call_command("migrate", verbosity=0)
    key = CourseKey.from_string("course-v1:Bench+Import+2026")
    CEActivity.objects.create(course_key=key, title="Import benchmark")
    text = "code,email,name\n" + "".join(f"AM-{n:06d},r{n}@example.com,Registrant {n}\n" for n in range(rows))
    began, began_cpu = time.perf_counter(), time.process_time()
    first = api.import_badge_codes(None, key, text)
    middle, middle_cpu = time.perf_counter(), time.process_time()
    second = api.import_badge_codes(None, key, text)
    done, done_cpu = time.perf_counter(), time.process_time()
    cpu = middle_cpu - began_cpu
    verdict = "pass" if rows != 100_000 or cpu <= TARGET_CPU else "MISS"
    print(f"Badge code import, {rows:,} rows")
    print(f"  first import: {cpu:5.2f} s CPU (target <= {TARGET_CPU} s for 100,000) {verdict}; "
          f"{middle - began:5.2f} s wall; accepted={first.accepted} duplicated={first.duplicated}")
    print(f"  re-import:    {done_cpu - middle_cpu:5.2f} s CPU; {done - middle:5.2f} s wall; "
          f"accepted={second.accepted} duplicated={second.duplicated}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
