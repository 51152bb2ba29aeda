"""The library of CE activities: every published activity, filtered and paged, with the way in to each."""
from __future__ import annotations

import math
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ce_plugin import compat, rules
from ce_plugin import exceptions as errors
from ce_plugin.data import LibraryActivity, LibraryPage
from ce_plugin.models import CEActivity, CreditType, LearnerClaim
from ce_plugin.statuses import ActivityType, ClaimStatus

from .common import int_or_none, limit_input, signed_in_or_none, text_input

PAGE_SIZE = 25


def _day(value, field):
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(text_input(value, field, max_length=10))
    except ValueError:
        raise errors.InvalidInputError(errors={field: _("Enter a date as YYYY-MM-DD.")}) from None


def browse_activities(user=None, *, activity_type="", credit_type="", from_date=None, to_date=None, page=1,
                      page_size=PAGE_SIZE, now=None) -> LibraryPage:
    """
    One page of the published CE activities, newest first, for anyone (the caller decides who may look).

    Filters: ``activity_type`` (an ``ActivityType`` value), ``credit_type`` (a credit type code an
    offered statement uses), and ``from_date``/``to_date`` (dates or ISO strings: activities held at
    least partly within them). For a signed-in ``user``, each activity says whether they are enrolled
    and where their claim stands. Raises ``InvalidInputError`` naming the filter that is not valid.
    A fixed number of queries whatever the page size.
    """
    activity_type = text_input(activity_type or "", "type", max_length=40)
    credit_type = text_input(credit_type or "", "credit", max_length=40)
    if activity_type and activity_type not in ActivityType.values:
        raise errors.InvalidInputError(errors={"type": _("Choose one of the listed event types.")})
    if credit_type and not CreditType.objects.filter(code=credit_type).exists():
        raise errors.InvalidInputError(errors={"credit": _("Choose one of the listed credit types.")})
    start, end = _day(from_date, "from"), _day(to_date, "to")
    if start and end and end < start:
        raise errors.InvalidInputError(errors={"to": _("The end date is before the start date.")})
    page = int_or_none(page)
    if page is None or page < 1:
        raise errors.InvalidInputError(errors={"page": _("Expected a page number.")})
    page_size = limit_input(page_size, "page_size", maximum=100) or PAGE_SIZE

    rows = CEActivity.objects.filter(published=True, past_meeting=False)  # a past meeting has no course to enroll in
    if activity_type:
        rows = rows.filter(activity_type=activity_type)
    if credit_type:
        rows = rows.filter(statement_types__active=True, statement_types__credit_type__code=credit_type).distinct()
    if start:  # still running on or after ``start`` (an activity without dates is always listed)
        rows = rows.filter(Q(end_date__gte=start) | Q(end_date__isnull=True, start_date__gte=start)
                           | Q(start_date__isnull=True, end_date__isnull=True))
    if end:
        rows = rows.filter(Q(start_date__lte=end) | Q(start_date__isnull=True))
    total = rows.count()
    pages = max(1, math.ceil(total / page_size))
    page = min(page, pages)  # past the last page: the last page
    chosen = list(rows.order_by("-start_date", "title", "id")[(page - 1) * page_size: page * page_size]
                  .prefetch_related("statement_types__credit_type"))
    return LibraryPage(items=_items(chosen, signed_in_or_none(user), now or timezone.now()), total=total,
                       page=page, pages=pages)


def _items(activities, user, now) -> tuple[LibraryActivity, ...]:
    enrolled = {str(key) for key in compat.enrolled_course_keys(user)} if user else set()
    claims = ({claim.activity_id: claim for claim in LearnerClaim.objects.filter(user=user, activity__in=activities)}
              if user else {})
    about = compat.course_about_urls([activity.course_key for activity in activities])
    items = []
    for activity in activities:
        claim = claims.get(activity.id)
        extension = claim.window_closes_at if claim else None
        is_enrolled = str(activity.course_key) in enrolled
        offered = {}
        for statement_type in activity.statement_types.all():
            if statement_type.active:
                offered.setdefault(statement_type.credit_type.code, statement_type.credit_type.name)
        items.append(LibraryActivity(
            course_key=str(activity.course_key), title=activity.title, activity_type=activity.activity_type,
            activity_type_label=str(ActivityType(activity.activity_type).label), start_date=activity.start_date,
            end_date=activity.end_date, location=activity.location, time_zone=activity.time_zone,
            credit_types=tuple(offered.items()), enrolled=is_enrolled,
            about_url=about.get(str(activity.course_key), ""),
            claim_closes_at=rules.claims_close_at(activity.claim_closes_at, extension),
            status=rules.activity_status(
                now, activity.claim_opens_at, activity.claim_closes_at, extension, claim_started=claim is not None,
                claim_finalized=claim is not None and claim.status == ClaimStatus.FINALIZED) if is_enrolled else "",
        ))
    return tuple(items)
