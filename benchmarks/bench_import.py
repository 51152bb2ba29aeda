"""
Time the import of 100,000 badge codes from a registration CSV, and its idempotent re-import.

Runs against the dev host's settings with a throw-away SQLite database:

    python benchmarks/bench_import.py [rows]
"""
import sys
import time

from devhost_env import setup_django

setup_django()

from django.core.management import call_command  # noqa: E402
from opaque_keys.edx.keys import CourseKey  # noqa: E402

from ce_plugin import api  # noqa: E402
from ce_plugin.models import CEActivity  # noqa: E402


def main(rows=100_000):
    call_command("migrate", verbosity=0)
    key = CourseKey.from_string("course-v1:Bench+Import+2026")
    CEActivity.objects.create(course_key=key, title="Import benchmark")
    text = "code,email,name\n" + "".join(f"AM-{n:06d},r{n}@example.com,Registrant {n}\n" for n in range(rows))
    began = time.perf_counter()
    first = api.import_badge_codes(None, key, text)
    middle = time.perf_counter()
    second = api.import_badge_codes(None, key, text)
    done = time.perf_counter()
    print(f"rows: {rows}")
    print(f"first import:  {middle - began:6.2f} s  accepted={first.accepted} duplicated={first.duplicated}")
    print(f"re-import:     {done - middle:6.2f} s  accepted={second.accepted} duplicated={second.duplicated}")
    print(f"rows per second (first import): {rows / (middle - began):,.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
