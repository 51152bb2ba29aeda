"""Learner pages of the CE Credit tab."""
from itertools import groupby
from zoneinfo import ZoneInfo

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.views.access import base_template, course_key_or_404, learner_access


def activity_overview(request, course_key):
    """The activity: dates, location, statements offered and every session by day."""
    key = course_key_or_404(course_key)
    refusal = learner_access(request, key)
    if refusal:
        return refusal
    try:
        overview = api.get_activity_overview(key)
    except errors.ActivityNotFound as exc:
        raise Http404(_("This course offers no continuing-education credit.")) from exc
    zone = ZoneInfo(overview.activity.time_zone)
    days = [
        (day, list(sessions))
        for day, sessions in groupby(overview.sessions, key=lambda s: s.starts_at.astimezone(zone).date())
    ]
    return render(request, "ce_plugin/activity.html", {
        "base_template": base_template(),
        "activity": overview.activity,
        "days": days,
        "session_count": len(overview.sessions),
    })
