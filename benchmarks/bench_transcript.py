"""
The transcript PDF of a learner with 300 statements: built by a worker, then served.

The target is the download: at most 1 s from request to PDF for 300 statements (it is served from the
stored file a worker built; it never renders in the request). The worker's build time is printed too:

    python benchmarks/bench_transcript.py
"""
import statistics
import time

from devhost_env import setup_django

setup_django(DEVHOST_CELERY_BROKER="memory://", DEVHOST_DEBUG="0")

from datetime import timedelta  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from statement_sample import snapshot  # noqa: E402

from ce_plugin import api  # noqa: E402
from ce_plugin.models import Statement  # noqa: E402

STATEMENTS, TARGET_S = 300, 1.0


def main():
    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create(username="longtime-member")
    base = snapshot(4)
    Statement.objects.bulk_create([Statement(
        user=user, verification_code=f"T{n:03d}-2XRD-9PWA", issued_at=timezone.now() - timedelta(days=12 * n),
        snapshot={**base, "verification_code": f"T{n:03d}-2XRD-9PWA",
                  "activity": {**base["activity"], "title": f"Annual meeting {2026 - n // 10}, part {n}"}})
        for n in range(STATEMENTS)])
    began_cpu, began = time.process_time(), time.perf_counter()
    api.build_transcript_file(user.id)
    build_cpu, build_wall = time.process_time() - began_cpu, time.perf_counter() - began
    client = Client()
    client.force_login(user)
    url = reverse("ce_plugin:transcript-pdf")
    times = []
    for _ in range(20):
        began = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    served = statistics.median(times)
    print(f"Transcript PDF, {STATEMENTS} statements")
    print(f"  download (stored file): {served * 1000:6.1f} ms median of 20 (target <= {TARGET_S:.0f} s) "
          f"{'pass' if served <= TARGET_S else 'MISS'}")
    print(f"  build (worker, once per change): {build_wall:5.2f} s wall, {build_cpu:5.2f} s CPU, "
          f"{len(response.content) // 1024} KiB")


if __name__ == "__main__":
    main()
