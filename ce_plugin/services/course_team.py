"""What the course team's overview and a learner's claim record show."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from ce_plugin import compat
from ce_plugin import exceptions as errors
from ce_plugin.data import ClaimRecord, StaffOverview
from ce_plugin.models import AuditEvent, CESession, EvaluationResponse, LearnerClaim, Statement
from ce_plugin.serializers import activity_data, statement_data
from ce_plugin.statuses import AuditAction, ClaimStatus

from .attendance import attendance_code_counts
from .common import activity_row, text_input
from .reports import PHARMACY_CREDIT, PHYSICIAN_CREDIT, cpe_activity_gaps, pars_activity_gaps


def get_staff_overview(course_key) -> StaffOverview:
    """
    The activity at a glance for its course team: sessions, claims by status, statements, evaluations,
    codes, extended windows, and what the offered accreditation exports still need from the activity.

    Counts only (a fixed number of queries, whatever the number of learners).
    """
    activity = activity_row(course_key)
    data = activity_data(activity)
    sessions = CESession.objects.filter(activity=activity).aggregate(
        live=Count("id", filter=Q(retired_at__isnull=True)), retired=Count("id", filter=Q(retired_at__isnull=False)))
    claims = dict(LearnerClaim.objects.filter(activity=activity).values_list("status").annotate(n=Count("id"))
                  .values_list("status", "n"))
    statements = Statement.objects.filter(activity=activity).aggregate(
        current=Count("id", filter=Q(revoked_at__isnull=True)), revoked=Count("id", filter=Q(revoked_at__isnull=False)))
    offered = {st.credit_type.code for st in data.statement_types}
    exports = {}
    if PHYSICIAN_CREDIT in offered:
        exports["pars"] = tuple(str(gap) for gap in pars_activity_gaps(activity))
    if PHARMACY_CREDIT in offered:
        exports["cpe"] = tuple(str(gap) for gap in cpe_activity_gaps(activity))
    return StaffOverview(
        activity=data, live_sessions=sessions["live"], retired_sessions=sessions["retired"],
        claims_in_progress=claims.get(ClaimStatus.IN_PROGRESS, 0),
        claims_finalized=claims.get(ClaimStatus.FINALIZED, 0),
        statements_current=statements["current"], statements_revoked=statements["revoked"],
        evaluations=EvaluationResponse.objects.filter(session__activity=activity).count(),
        extended_windows=LearnerClaim.objects.filter(activity=activity, window_closes_at__isnull=False).count(),
        codes=attendance_code_counts(course_key), export_gaps=exports,
    )


def get_claim_record(course_key, username) -> ClaimRecord:
    """
    One learner's claim as the course team sees it: credits per session, evaluations, statements (the
    revoked ones too) and the audit trail of the claim. Raises ``ClaimNotFound``.
    """
    activity = activity_row(course_key)
    username = text_input(username, "username", max_length=150)
    claim = (LearnerClaim.objects.select_related("user", "statement_type__credit_type")
             .filter(activity=activity, user__username=username).first())
    if claim is None:
        raise errors.ClaimNotFound()
    user = claim.user
    lines = list(claim.session_claims.select_related("session").filter(credits__gt=0)
                 .order_by("session__starts_at", "session__title"))
    evaluated = set(EvaluationResponse.objects.filter(user=user, session__activity=activity)
                    .values_list("session_id", flat=True))
    statements = [statement_data(s) for s in Statement.objects.filter(activity=activity, user=user)
                  .order_by("-issued_at", "-id")]
    usernames = dict(get_user_model().objects.filter(
        id__in=AuditEvent.objects.filter(activity=activity, subject=user).values("actor_id"))
        .values_list("id", "username"))
    events = tuple(
        {"at": event.created, "action": str(AuditAction(event.action).label) if event.action in AuditAction.values
         else event.action, "by": usernames.get(event.actor_id, ""), "details": event.details}
        for event in AuditEvent.objects.filter(activity=activity, subject=user).order_by("created", "id")[:500])
    return ClaimRecord(
        activity=activity_data(activity), username=user.username, name=compat.get_user_full_name(user),
        email=user.email, printed_name=claim.printed_name, printed_credentials=claim.printed_credentials,
        status=claim.status, status_label=str(ClaimStatus(claim.status).label),
        statement_type=claim.statement_type.name if claim.statement_type else "",
        unit_label=claim.statement_type.credit_type.unit_label if claim.statement_type else "",
        attendance_verified_at=claim.attendance_verified_at, finalized_at=claim.finalized_at,
        window_closes_at=claim.window_closes_at,
        profile_given=tuple(sorted(code for code, value in (claim.profile or {}).items() if value)),
        lines=tuple({"title": line.session.title, "starts_at": line.session.starts_at, "ends_at": line.session.ends_at,
                     "credits": line.credits, "evaluated": line.session_id in evaluated} for line in lines),
        statements=tuple(statements), events=events,
    )
