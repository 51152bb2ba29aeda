"""
The LMS's stack under load: gunicorn, MariaDB, Redis and real Celery workers (``scripts/stack``), started here.

Two measurements, each printed beside its target:

* **Worker scaling.** The CE office reissues the statements of a finished meeting (a statement job: issue and
  render each PDF in the workers) with one worker process, then with two. The figure is statements per second,
  from the job's start until its last learner is done, and the ratio of the two (target >= 1.8).
* **Load.** 50 learners at once, each signed in with their own session, evaluate and claim eight sessions: half
  through the claim page (its evaluation step and its form, as the page's script posts them), half through the
  CE Session block's handlers (``submit_evaluation``, ``claim_credits``), as a unit page does. The activity caps
  credit at 6, so each learner's last two claims are refused by the rules (expected, counted apart). The
  yardstick is the same stack's throughput for the smallest signed-in page (``/ping/``) with the same 50
  clients in the same run. Printed: claims and submissions per second (target: submissions >= 0.5 of the
  yardstick), p50 and p99 latency (target p99 <= 1 s), errors (target 0), and from the database afterwards,
  that every acknowledged claim is stored and no learner is over the cap.

    python benchmarks/stack_load.py [STACK_DIR]        (make bench-stack)
"""
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STACK = REPO / "scripts" / "stack"
PORT = int(os.environ.get("STACK_BENCH_PORT", "8199"))
BASE = f"http://127.0.0.1:{PORT}"
LEARNERS = int(os.environ.get("STACK_BENCH_LEARNERS", "50"))
SESSIONS_EACH, CAP, PASSWORD = 8, "6.00", "ce-load-2026"
SCALING_LEARNERS = int(os.environ.get("STACK_BENCH_STATEMENTS", "60"))
TARGETS = {"scaling": 1.8, "ratio": 0.5, "p99": 1.0}


def stack(*args):
    subprocess.run([str(STACK), *args], check=True, stdout=subprocess.DEVNULL if args[0] == "workers" else None)


def django_setup(folder):
    """This process as one more dev host process of the stack (its MariaDB, its Redis broker)."""
    environ = dict(line.split("=", 1) for line in subprocess.run(
        [str(STACK), "env", folder, str(PORT)], check=True, capture_output=True, text=True).stdout.split())
    os.environ.update(environ)
    sys.path[:0] = [str(REPO / "demo"), str(REPO)]
    import django  # pylint: disable=import-outside-toplevel
    django.setup()


# --- the meetings ------------------------------------------------------------------------------------------------


def meeting(code, title, open_days, **fields):
    """A published course and CE activity, a physician statement, claims open ``open_days`` more days.

    Returns ``(course key, course, statement type, now)``.
    """
    from datetime import datetime, timedelta, timezone  # pylint: disable=import-outside-toplevel

    from opaque_keys.edx.keys import CourseKey  # pylint: disable=import-outside-toplevel

    from ce_plugin.models import CEActivity, CreditType, StatementType  # pylint: disable=import-outside-toplevel
    from devhost_platform.models import Course  # pylint: disable=import-outside-toplevel

    key = CourseKey.from_string(f"course-v1:Load+{code}{int(time.time())}+2026")
    now = datetime.now(timezone.utc)
    course = Course.objects.create(course_key=key, title=title)
    activity = CEActivity.objects.create(course_key=key, title=title, published=True,
                                         claim_opens_at=now - timedelta(days=3),
                                         claim_closes_at=now + timedelta(days=open_days), **fields)
    statement_type = StatementType.objects.create(activity=activity, name="AMA PRA Category 1",
                                                  credit_type=CreditType.objects.get(code="ama-pra-1"))
    return key, course, statement_type, now


def learner(key, course, statement_type, username, **account):
    """An enrolled account that has chosen the statement type."""
    from django.contrib.auth import get_user_model  # pylint: disable=import-outside-toplevel

    from ce_plugin import api  # pylint: disable=import-outside-toplevel
    from devhost_platform.models import Enrollment  # pylint: disable=import-outside-toplevel
    user = get_user_model().objects.create_user(username, **account)
    Enrollment.objects.create(user=user, course=course)
    api.select_statement_type(user, key, statement_type.id)
    return user


def load_meeting():
    """A two-day meeting of 16 one-hour sessions with units and blocks, claim window open, credit capped at 6."""
    from datetime import timedelta  # pylint: disable=import-outside-toplevel

    from ce_plugin import api  # pylint: disable=import-outside-toplevel
    from ce_plugin.evaluations import standard_questions  # pylint: disable=import-outside-toplevel
    from devhost_platform.models import BlockRecord, Unit  # pylint: disable=import-outside-toplevel
    from devhost_platform.runtime import DevRuntime  # pylint: disable=import-outside-toplevel

    key, course, statement_type, now = meeting("M", "Load meeting", 30, time_zone="UTC",
                                               credit_caps={"ama-pra-1": CAP})
    runtime, keys = DevRuntime(None), []
    for n in range(16):
        starts = (now - timedelta(days=2 - n // 8)).replace(hour=8 + n % 8, minute=0, second=0, microsecond=0)
        unit = Unit.objects.create(course=course, position=n, section=f"Day {n // 8 + 1}", title=f"Talk {n}",
                                   usage_key=key.make_usage_key("vertical", f"u{n}"))
        usage_key = key.make_usage_key("ce_session", f"s{n}")
        BlockRecord.objects.create(unit=unit, usage_key=usage_key, block_type="ce_session", fields={
            "display_name": f"Talk {n}", "session_title": f"Talk {n}", "track": "", "time_zone": "UTC",
            "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(minutes=60)).isoformat(),
            "max_credits": {}, "evaluation": standard_questions(), "evaluation_required": True})
        api.register_session(usage_key, **runtime.get_block(usage_key).session_payload())
        keys.append(str(usage_key))
    users = [learner(key, course, statement_type, f"load{key.course}{n:02d}", password=PASSWORD).username
             for n in range(LEARNERS)]
    return str(key), keys, users


def finished_meeting(learners):
    """A meeting whose learners all finalized (statements issued and rendered), for the reissue job."""
    from datetime import timedelta  # pylint: disable=import-outside-toplevel

    from ce_plugin import api  # pylint: disable=import-outside-toplevel
    from ce_plugin.models import CESession  # pylint: disable=import-outside-toplevel

    key, course, statement_type, now = meeting("R", "Finished meeting", 3,
                                               accreditation_statement="Accredited by the ACCME.")
    activity = statement_type.activity
    sessions = [CESession.objects.create(activity=activity, usage_key=key.make_usage_key("ce_session", f"s{n}"),
                                         title=f"Session {n}: a talk of the finished meeting",
                                         starts_at=now - timedelta(days=2, hours=-n),
                                         ends_at=now - timedelta(days=2, hours=-n, minutes=-60),
                                         evaluation_required=False) for n in range(10)]
    for n in range(learners):
        user = learner(key, course, statement_type, f"past{key.course}{n:02d}")
        api.record_session_claims(user, key, {s.usage_key: "1" for s in sessions})
        api.finalize_claim(user, key)
    return str(key)


# --- worker scaling --------------------------------------------------------------------------------------------


def reissue_rate(course_key, staff):
    """Statements per second for a reissue job of the whole activity, from its start until its last learner."""
    from ce_plugin import api  # pylint: disable=import-outside-toplevel
    from ce_plugin.models import StatementJob  # pylint: disable=import-outside-toplevel
    began = time.perf_counter()
    job = api.start_statement_job(staff, course_key, "reissue", "Scaling run")
    deadline = began + 600
    while time.perf_counter() < deadline:
        row = StatementJob.objects.get(id=job.id)
        if row.finished_at:
            break
        time.sleep(0.1)
    took = time.perf_counter() - began
    data = api.get_statement_job(course_key, job.id)
    assert data.done == data.total and not data.failed, data
    return data.total / took


# --- load ------------------------------------------------------------------------------------------------------


class Learner:
    """One browser: its own cookies (session, CSRF token)."""

    def __init__(self, username):
        self.username = username
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self):
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def sign_in(self):
        page = self.opener.open(BASE + "/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        self.opener.open(BASE + "/login/", urllib.parse.urlencode(
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token}).encode())

    def request(self, path, data=None, as_json=False):
        """``(status, parsed JSON or None, seconds)``; a connection error is status 0."""
        headers = {"Accept": "application/json", "X-CSRFToken": self.csrf()}
        body = None
        if data is not None:
            body = json.dumps(data).encode() if as_json else urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/json" if as_json else "application/x-www-form-urlencoded"
        began = time.perf_counter()
        try:
            with self.opener.open(urllib.request.Request(BASE + path, data=body, headers=headers)) as response:
                status, content = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, content = exc.code, exc.read()
        except OSError:
            return 0, None, time.perf_counter() - began
        took = time.perf_counter() - began
        try:
            return status, json.loads(content), took
        except ValueError:
            return status, None, took


ANSWERS = {"objectives_met": "5", "relevant": "4", "unbiased": "yes", "practice_change": "yes", "overall": "5",
           "comments": "Useful, thank you."}


def claim_and_evaluate(learner, course_key, sessions, offset):
    """Evaluate then claim ``SESSIONS_EACH`` sessions; returns (latencies, acknowledged claims, refusals, errors)."""
    latencies, acknowledged, refused, failed = [], {}, 0, []
    for n in range(SESSIONS_EACH):
        usage_key = sessions[(offset + n) % len(sessions)]
        if n % 2 == 0:  # the claim page: its evaluation step, then its form
            steps = [
                (f"/ce/courses/{course_key}/claim/evaluate/{usage_key}/",
                 {f"q:{k}": v for k, v in ANSWERS.items()}, False, "evaluate"),
                (f"/ce/courses/{course_key}/claim/", {f"credits:{usage_key}": "1.00"}, False, "claim")]
        else:  # the unit: the block's handlers
            steps = [
                (f"/xblock/{usage_key}/handler/submit_evaluation", {"answers": ANSWERS}, True, "evaluate"),
                (f"/xblock/{usage_key}/handler/claim_credits", {"credits": "1.00"}, True, "claim")]
        for path, data, as_json, kind in steps:
            status, body, took = learner.request(path, data, as_json)
            latencies.append(took)
            ok = status == 200 and isinstance(body, dict) and body.get("ok", True) is not False
            capped = status in (200, 400) and isinstance(body, dict) and body.get("ok") is False and (
                "cap" in str(body.get("code", "")) or "at most 6.00 credits in total" in json.dumps(body))
            if kind == "claim" and ok:
                acknowledged[usage_key] = "1.00"
            elif kind == "claim" and capped:  # the rules refusing the seventh credit: expected
                refused += 1
            elif not ok:
                failed.append((kind, status, str(body)[:200]))
    return latencies, acknowledged, refused, failed


def ping_all(learners, requests_each):
    def run(learner):
        times = []
        for _ in range(requests_each):
            status, _, took = learner.request("/ping/")
            times.append(took if status == 200 else None)
        return times
    began = time.perf_counter()
    with ThreadPoolExecutor(len(learners)) as pool:
        results = list(pool.map(run, learners))
    took = time.perf_counter() - began
    flat = [t for times in results for t in times]
    return sum(1 for t in flat if t is not None) / took, flat.count(None)


def check_database(course_key, acknowledged_by_learner):
    from decimal import Decimal  # pylint: disable=import-outside-toplevel

    from ce_plugin.models import SessionClaim  # pylint: disable=import-outside-toplevel
    stored = {}
    for username, usage_key, credits in SessionClaim.objects.filter(
            claim__activity__course_key=course_key).values_list("claim__user__username", "session__usage_key",
                                                                 "credits"):
        stored.setdefault(username, {})[str(usage_key)] = credits
    lost = [(u, k) for u, claims in acknowledged_by_learner.items() for k, c in claims.items()
            if stored.get(u, {}).get(k) != Decimal(c)]
    over = [u for u, claims in stored.items() if sum(claims.values(), Decimal(0)) > Decimal(CAP)]
    return lost, over, sum(len(c) for c in stored.values())


def main(folder):
    print(f"The LMS's stack (scripts/stack in {folder}): gunicorn 4 workers, MariaDB, Redis, Celery")
    stack("start", folder, str(PORT), "4", "1")
    try:
        django_setup(folder)
        from django.contrib.auth import get_user_model  # pylint: disable=import-outside-toplevel
        staff = get_user_model().objects.get(username="admin")

        finished = finished_meeting(SCALING_LEARNERS)
        reissue_rate(finished, staff)  # warm the worker (imports, fonts) and leave valid statements to reissue
        one = reissue_rate(finished, staff)
        stack("workers", folder, "2")
        reissue_rate(finished, staff)
        two = reissue_rate(finished, staff)
        scaling = two / one
        print(f"Worker scaling (reissue of {SCALING_LEARNERS} statements, issued and rendered in the workers):")
        print(f"  1 process {one:5.1f} statements/s; 2 processes {two:5.1f} statements/s; "
              f"{scaling:.2f}x (target >= {TARGETS['scaling']}x) {'pass' if scaling >= TARGETS['scaling'] else 'MISS'}")

        course_key, sessions, usernames = load_meeting()
        learners = [Learner(name) for name in usernames]
        with ThreadPoolExecutor(LEARNERS) as pool:
            list(pool.map(Learner.sign_in, learners))
        ping_all(learners, 2)  # warm every gunicorn worker
        start = threading.Barrier(LEARNERS)

        def run(index):
            start.wait()
            return claim_and_evaluate(learners[index], course_key, sessions, index)
        began = time.perf_counter()
        with ThreadPoolExecutor(LEARNERS) as pool:
            results = list(pool.map(run, range(LEARNERS)))
        took = time.perf_counter() - began
        latencies = sorted(t for r in results for t in r[0])
        acknowledged = {learners[i].username: r[1] for i, r in enumerate(results)}
        refused, failures = sum(r[2] for r in results), [f for r in results for f in r[3]]
        submissions = len(latencies) / took
        claims = sum(len(a) for a in acknowledged.values()) / took
        yardstick, ping_errors = ping_all(learners, SESSIONS_EACH * 2)
        p50, p99 = statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1]
        lost, over, stored = check_database(course_key, acknowledged)
        ratio = submissions / yardstick
        print(f"Load: {LEARNERS} learners at once, {SESSIONS_EACH} sessions each (evaluate, then claim; "
              f"half by the claim page, half by the block's handlers)")
        print(f"  {submissions:6.1f} submissions/s ({claims:.1f} claims/s acknowledged) against {yardstick:6.1f} "
              f"signed-in pings/s: {ratio:.2f} (target >= {TARGETS['ratio']}) "
              f"{'pass' if ratio >= TARGETS['ratio'] else 'MISS'}")
        print(f"  latency p50 {p50 * 1000:5.0f} ms, p99 {p99 * 1000:5.0f} ms (target p99 <= "
              f"{TARGETS['p99'] * 1000:.0f} ms) {'pass' if p99 <= TARGETS['p99'] else 'MISS'}")
        clean = not failures and not ping_errors
        print(f"  errors {len(failures) + ping_errors} (target 0) {'pass' if clean else 'MISS'}; "
              f"refused by the credit cap as expected: {refused}")
        for failure in failures[:5]:
            print(f"    {failure}")
        print(f"  database: {stored} claims stored, {sum(len(a) for a in acknowledged.values())} acknowledged, "
              f"{len(lost)} acknowledged but missing, {len(over)} learners over the cap of {CAP} "
              f"{'pass' if not lost and not over else 'MISS'}")
    finally:
        stack("stop", folder)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="ce-stack-"))
