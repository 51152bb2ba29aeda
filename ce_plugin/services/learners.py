"""A learner across activities: the activities they can claim, and retirement of their data."""
from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ce_plugin import compat, rules
from ce_plugin.data import LearnerActivity
from ce_plugin.models import AttendanceCode, CEActivity, EvaluationResponse, LearnerClaim
from ce_plugin.statuses import ActivityType, AuditAction, ClaimStatus

from .common import audit, signed_in_or_none
from .external_credits import delete_external_credits
from .report_files import expire_reports
from .transcripts import delete_transcript


def list_learner_activities(user, now=None) -> tuple[LearnerActivity, ...]:
    """
    The published CE activities of the courses the learner is enrolled in, with where their claim stands.

    Three queries whatever the number of activities: enrollments, activities, claims.
    """
    now = now or timezone.now()
    keys = compat.enrolled_course_keys(user)
    if not keys:
        return ()
    activities = list(CEActivity.objects.filter(course_key__in=keys, published=True)
                      .order_by("-start_date", "title"))
    claims = {claim.activity_id: claim for claim in LearnerClaim.objects.filter(user=user, activity__in=activities)}
    extensions = {activity_id: claim.window_closes_at for activity_id, claim in claims.items()}
    return tuple(
        LearnerActivity(
            course_key=str(activity.course_key), title=activity.title, activity_type=activity.activity_type,
            activity_type_label=str(ActivityType(activity.activity_type).label), start_date=activity.start_date,
            end_date=activity.end_date, location=activity.location, time_zone=activity.time_zone,
            claim_closes_at=rules.claims_close_at(activity.claim_closes_at, extensions.get(activity.id)),
            status=rules.activity_status(
                now, activity.claim_opens_at, activity.claim_closes_at, extensions.get(activity.id),
                claim_started=activity.id in claims,
                claim_finalized=activity.id in claims and claims[activity.id].status == ClaimStatus.FINALIZED),
        )
        for activity in activities
    )


def retire_user(user) -> None:
    """
    Remove a retiring learner's personal data that accreditation does not require.

    Empties claim profiles, the registrant names and e-mail addresses of their badge codes (bound
    to them, or imported under their e-mail address and never used) and their free-text evaluation
    answers, deletes the built report files that list them, their transcript file, and the credit they
    reported from other providers with its certificate files (self-reported: no record the site must
    keep); keeps claims, credits and statements (6-year retention).
    """
    if not signed_in_or_none(user):
        return
    with transaction.atomic():
        activities = list(LearnerClaim.objects.filter(user=user).values_list("activity_id", flat=True))
        LearnerClaim.objects.filter(user=user).update(profile={}, printed_name="", printed_credentials="")
        holder = Q(bound_user=user)
        if user.email:
            holder |= Q(bound_user__isnull=True, holder_email__iexact=user.email)
        AttendanceCode.objects.filter(holder).update(holder_email="", holder_name="")
        expire_reports(activity_ids=activities)
        delete_transcript(user)
        external = delete_external_credits(user)
        for response in EvaluationResponse.objects.filter(user=user):
            text_ids = {q["id"] for q in response.questions if q.get("type") == "text"}
            response.answers = {k: ("" if k in text_ids or k.endswith("__comment") else v)
                                for k, v in response.answers.items()}
            response.user = None
            response.save(update_fields=["answers", "user", "modified"])
        audit(AuditAction.USER_RETIRED, subject=user, external_credits_deleted=external)
