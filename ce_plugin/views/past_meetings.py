"""
The CE office's page of a past meeting (no course behind it): its sessions as the programme gives them, and the
attendees' statements, issued from the office's records (ADR 0020).
"""
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.views.access import render_page, staff_view

SESSION_FIELDS = ("title", "track", "day", "starts", "ends")
CREDITS = "credits:"


def _page_url(key, anchor="", **query):
    url = reverse("ce_plugin:staff-past-meeting", args=[str(key)])
    return url + (f"?{urlencode(query)}" if query else "") + anchor


def _past_meeting_or_404(key):
    try:
        activity = api.get_activity(key)
    except errors.ActivityNotFound as exc:
        raise Http404(_("Set up the CE activity first.")) from exc
    if not activity.past_meeting:
        raise Http404(_("This activity has a course: its sessions come from the course and its statements from the "
                        "learners' claims."))
    return activity


@require_http_methods(["GET", "POST"])
@staff_view
def past_meeting_page(request, key):
    """
    Sessions of the past meeting (add one, remove one) and its statements (issue or reissue one per attendee).

    Each change is a POST answered by a redirect, so reloading the page never issues a statement twice.
    """
    activity = _past_meeting_or_404(key)
    session_values, session_problems, issue_values, issue_problems = {}, {}, {}, {}
    if request.method == "POST" and "add_session" in request.POST:
        session_values = {name: request.POST.get(name, "") for name in SESSION_FIELDS}
        try:
            api.add_past_meeting_session(request.user, key, **session_values)
        except errors.InvalidInputError as exc:
            session_problems = exc.field_errors()
        else:
            return redirect(_page_url(key, "#ce-sessions"))
    elif request.method == "POST" and "remove_session" in request.POST:
        try:
            api.remove_past_meeting_session(request.user, key, request.POST.get("usage_key", ""))
        except (errors.NotFoundError, errors.InvalidKeyError) as exc:
            raise Http404(str(exc.message)) from exc
        return redirect(_page_url(key, "#ce-sessions"))
    elif request.method == "POST" and "issue" in request.POST:
        issue_values = {name: request.POST.get(name, "") for name in ("learner", "statement_type", "reason")}
        credits = {name[len(CREDITS):]: value for name, value in request.POST.items() if name.startswith(CREDITS)}
        issue_values["credits"] = credits
        try:
            statement = api.issue_past_meeting_statement(request.user, issue_values["learner"], key,
                                                         issue_values["statement_type"], credits,
                                                         issue_values["reason"])
        except errors.InvalidInputError as exc:
            issue_problems = exc.field_errors() or {"__all__": str(exc.message)}
        except errors.CEError as exc:
            issue_problems = {"__all__": str(exc.message)}
        else:
            return redirect(_page_url(key, "#ce-issued", issued=statement.verification_code))
    roster = api.claims_roster(key)
    code = request.GET.get("issued", "")[:20]
    issued = next((row for row in roster if code and row["verification_code"] == code), None)
    status = 400 if session_problems or issue_problems else 200
    return render_page(request, "ce_plugin/staff/past_meeting.html", {
        "course_key": str(key), "section": "past-meeting", "activity": activity, "sessions": api.list_sessions(key),
        "roster": roster, "issued": issued,
        "session_values": session_values, "session_problems": session_problems,
        "issue_values": issue_values, "issue_problems": issue_problems,
        "issue_error": issue_problems.get("__all__") or issue_problems.get("credits"),
    }, status=status)
