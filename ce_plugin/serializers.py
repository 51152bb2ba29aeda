"""Model instances to the frozen dataclasses of :mod:`ce_plugin.data` (used by ``api`` only)."""
from __future__ import annotations

from decimal import Decimal

from ce_plugin.data import (
    ActivityData,
    CreditTypeData,
    DisclosurePageData,
    LearnerClaimData,
    SessionData,
    StatementData,
    StatementTypeData,
)


def credit_type_data(credit_type) -> CreditTypeData:
    return CreditTypeData(
        code=credit_type.code, name=credit_type.name, unit_label=credit_type.unit_label,
        minutes_per_credit=credit_type.minutes_per_credit, increment=Decimal(credit_type.increment),
        daily_cap=None if credit_type.daily_cap is None else Decimal(credit_type.daily_cap),
        designation_template=credit_type.designation_template,
        required_profile_fields=tuple(credit_type.required_profile_fields or ()),
        optional_profile_fields=tuple(getattr(credit_type, "optional_profile_fields", None) or ()),
        statement_design=credit_type.statement_design,
    )


def statement_type_data(statement_type) -> StatementTypeData:
    return StatementTypeData(statement_type.id, statement_type.name, statement_type.description,
                             credit_type_data(statement_type.credit_type))


def activity_data(activity) -> ActivityData:
    """Two queries: the offered statement types (with credit types) and the disclosure pages."""
    statement_types = activity.statement_types.filter(active=True).select_related("credit_type")
    pages = activity.disclosure_pages.all()
    return ActivityData(
        course_key=str(activity.course_key), title=activity.title, activity_type=activity.activity_type,
        provider_name=activity.provider_name, provider_address=activity.provider_address,
        start_date=activity.start_date, end_date=activity.end_date, location=activity.location,
        time_zone=activity.time_zone, accreditation_statement=activity.accreditation_statement,
        claim_opens_at=activity.claim_opens_at, claim_closes_at=activity.claim_closes_at,
        attendance_mode=activity.attendance_mode, credit_caps=dict(activity.credit_caps or {}),
        support_email=activity.support_email, accme_activity_id=activity.accme_activity_id,
        acpe_uan=activity.acpe_uan, gate_certificate=activity.gate_certificate,
        evaluations_identified=activity.evaluations_identified,
        published=activity.published,
        statement_types=tuple(statement_type_data(st) for st in statement_types),
        disclosure_pages=tuple(DisclosurePageData(p.id, p.position, p.title, p.body) for p in pages),
        check_in_presence=activity.check_in_presence,
        past_meeting=activity.past_meeting,
    )


def session_data(session, course_key) -> SessionData:
    return SessionData(
        usage_key=str(session.usage_key), course_key=str(course_key), title=session.title, track=session.track,
        starts_at=session.starts_at, ends_at=session.ends_at, speakers=tuple(session.speakers or ()),
        learning_objectives=tuple(session.learning_objectives or ()),
        max_credit_overrides=dict(session.max_credits or {}), evaluation=tuple(session.evaluation or ()),
        evaluation_required=session.evaluation_required, retired=session.retired_at is not None,
    )


def claim_data(claim, activity) -> LearnerClaimData:
    """Two queries: the claim's credit lines and the sessions the learner evaluated."""
    from ce_plugin.models import EvaluationResponse  # pylint: disable=import-outside-toplevel
    lines = list(claim.session_claims.filter(credits__gt=0).values_list("session__usage_key", "credits", "modified")
                 if claim.pk else ())
    evaluations = list(EvaluationResponse.objects.filter(user_id=claim.user_id, session__activity=activity)
                       .values_list("session__usage_key", "submitted_at"))
    touched = [(moment, key) for key, _credits, moment in lines] + [(moment, key) for key, moment in evaluations]
    return LearnerClaimData(
        course_key=str(activity.course_key), user_id=claim.user_id, status=claim.status,
        statement_type=statement_type_data(claim.statement_type) if claim.statement_type_id else None,
        profile=dict(claim.profile or {}), attendance_verified_at=claim.attendance_verified_at,
        disclosures_acknowledged_at=claim.disclosures_acknowledged_at, finalized_at=claim.finalized_at,
        window_closes_at=claim.window_closes_at,
        session_credits={str(key): Decimal(credits) for key, credits, _modified in lines},
        evaluated_sessions=frozenset(str(key) for key, _submitted in evaluations),
        last_worked_session=str(max(touched, key=lambda item: item[0])[1]) if touched else None,
    )


def statement_data(statement) -> StatementData:
    return StatementData(
        verification_code=statement.verification_code, course_key=statement.snapshot["activity"]["course_key"],
        issued_at=statement.issued_at, revoked_at=statement.revoked_at, revoked_reason=statement.revoked_reason,
        pdf_sha256=statement.pdf_sha256, snapshot=dict(statement.snapshot),
    )
