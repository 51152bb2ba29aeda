"""
A statement of a real meeting's shape, with any number of sessions: what the statement benchmarks render
and the rendering tests check. Importing this module changes nothing (no settings, no environment).
"""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

START = datetime(2026, 6, 10, 12, tzinfo=timezone.utc)


def snapshot(sessions):
    """The snapshot of a physician statement listing ``sessions`` one-hour sessions (needs Django set up)."""
    from ce_plugin.data import ActivityData, CreditTypeData, StatementTypeData  # pylint: disable=import-outside-toplevel
    from ce_plugin.statements import build_snapshot  # pylint: disable=import-outside-toplevel

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
