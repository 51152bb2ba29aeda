"""
Statement PDFs against WeasyPrint's floor, in CPU time measured in one process and one run.

The floor is WeasyPrint's one-page document (a heading and a paragraph, no variant). Each statement
is the physician design (PDF/A-2a, tagged, embedded subset fonts, QR code) with 1, 10, 40 and 150
sessions, built by ``build_snapshot`` as issuing does and rendered by ``render_pdf`` as the worker
does. Figures are the median CPU time of a few renders, and the ratio to the floor beside its target:

    python benchmarks/bench_statements.py
"""
import statistics
import time

from devhost_env import setup_django

setup_django(DEVHOST_CELERY_BROKER="memory://", DEVHOST_DEBUG="0")

from datetime import date, datetime, timedelta, timezone  # noqa: E402
from decimal import Decimal  # noqa: E402

from ce_plugin.data import ActivityData, CreditTypeData, StatementTypeData  # noqa: E402
from ce_plugin.statements import build_snapshot, render_pdf  # noqa: E402

TARGETS = {1: None, 10: None, 40: 3.0, 150: 8.0}
RUNS = {0: 9, 1: 7, 10: 7, 40: 5, 150: 3}
START = datetime(2026, 6, 10, 12, tzinfo=timezone.utc)


def snapshot(sessions):
    credit_type = CreditTypeData(
        code="ama-pra-1", name="AMA PRA Category 1 Credit™", unit_label="AMA PRA Category 1 Credits™",
        minutes_per_credit=60, increment=Decimal("0.25"), daily_cap=None,
        designation_template="{provider} designates this {activity_kind} for a maximum of {max_credits} "
                             "AMA PRA Category 1 Credits™. Physicians should claim only the credit "
                             "commensurate with the extent of their participation in the activity.",
        required_profile_fields=("name",))
    activity = ActivityData(
        course_key="course-v1:Bench+Statement+2026", title="Annual Meeting of the Society 2026",
        activity_type="live_meeting", provider_name="American Society for Bench Sciences",
        provider_address="1752 N Street NW\nWashington, DC 20036", start_date=date(2026, 6, 10),
        end_date=date(2026, 6, 14), location="Boston, MA", time_zone="America/New_York",
        accreditation_statement="The Society is accredited by the ACCME to provide continuing medical "
                                "education for physicians.",
        claim_opens_at=None, claim_closes_at=None, attendance_mode="none", credit_caps={},
        support_email="ce@example.org", accme_activity_id="202617450", acpe_uan="", gate_certificate=True,
        evaluations_identified=False, published=True,
        statement_types=(), disclosure_pages=())
    statement_type = StatementTypeData(id=1, name="Physicians (AMA PRA Category 1 Credit™)", description="",
                                       credit_type=credit_type)
    lines = [{"title": f"Session {n}: Advances in antimicrobial stewardship for hospital practice, part {n}",
              "starts_at": START + timedelta(days=n // 40, minutes=75 * (n % 40)),
              "ends_at": START + timedelta(days=n // 40, minutes=75 * (n % 40) + 60), "credits": "1.00"}
             for n in range(sessions)]
    return build_snapshot(activity=activity, statement_type=statement_type, lines=lines,
                          learner_name="Jordan A. Lee", profile={}, credentials="MD, PhD",
                          designated_maximum=Decimal(max(sessions, 1)), issued_at=START + timedelta(days=6),
                          verification_code="K7QM-2XRD-9PWA")


def cpu_median(render, runs):
    times = []
    for _ in range(runs):
        began = time.process_time()
        render()
        times.append(time.process_time() - began)
    return statistics.median(times)


def floor():
    from weasyprint import HTML  # pylint: disable=import-outside-toplevel
    return HTML(string="<h1>Floor</h1><p>WeasyPrint's one-page document.</p>").write_pdf()


def main():
    floor()  # warm: fonts, caches, imports
    render_pdf(snapshot(1))
    base = cpu_median(floor, RUNS[0])
    print(f"Statement PDFs, CPU time; floor (WeasyPrint one-page document) {base * 1000:.0f} ms")
    failed = False
    for sessions, target in TARGETS.items():
        data = snapshot(sessions)
        took = cpu_median(lambda data=data: render_pdf(data), RUNS[sessions])
        ratio = took / base
        verdict = "" if target is None else (" pass" if ratio <= target else " MISS")
        failed |= verdict == " MISS"
        print(f"  {sessions:>3} sessions: {took * 1000:7.0f} ms  {ratio:5.1f}x the floor"
              + (f"  (target <= {target:.0f}x){verdict}" if target else ""))
    return failed


if __name__ == "__main__":
    main()
