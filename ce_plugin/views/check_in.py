"""
Session check-in: the course team's check-in screen (a rotating code and its QR code) and the page where a
learner enters the code, typed or scanned.
"""
import math
from zoneinfo import ZoneInfo

from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.qr import qr_svg
from ce_plugin.views.access import learner_view, refusal, render_page, staff_view

MAX_REFRESH = 60  # seconds between reloads of a screen whose check-in is not open


@require_http_methods(["GET", "POST"])
@learner_view
def check_in(request, access):
    """A learner checks in with the code on the session's screen: typed here, or filled in by its QR code."""
    key = access.course_key
    try:
        activity = api.get_activity(key)
    except errors.ActivityNotFound as exc:
        raise Http404(exc.message) from exc
    if not activity.published:  # course staff too: there is nothing to check in to yet
        raise Http404(errors.ActivityNotFound.default_message)
    code = (request.POST if request.method == "POST" else request.GET).get("code", "")
    done, error, status = None, None, 200
    if request.method == "POST":
        try:
            done = api.check_in(request.user, key, code)
        except errors.NotEnrolledError as exc:
            return refusal(request, exc.message, key, enroll=True)
        except errors.CheckInThrottled as exc:
            error, status = exc.message, 429
        except errors.CheckInCodeInvalid as exc:
            error, status = exc.message, 400
    return render_page(request, "ce_plugin/check_in.html", {
        "activity": activity, "course_key": str(key), "code": "" if done else code[:32], "done": done,
        "error": error, "claim_url": reverse("ce_plugin:claim", args=[str(key)])}, status=status)


def _context(key, **extra):
    return {"course_key": str(key), "section": "check-in", **extra}


@require_GET
@staff_view
def check_in_sessions(request, key):
    """Every session with its check-in window and counts, and a link to its check-in screen."""
    try:
        sessions = api.list_check_in_sessions(key)
        activity = api.get_activity(key)
    except errors.ActivityNotFound as exc:
        raise Http404(_("Set up the CE activity of this course first.")) from exc
    return render_page(request, "ce_plugin/staff/check_in.html", _context(
        key, sessions=sessions, activity=activity,
        learner_url=request.build_absolute_uri(reverse("ce_plugin:check-in", args=[str(key)]))))


@require_GET
@staff_view
def check_in_screen(request, key, usage_key):
    """
    The screen shown in the room: the code while check-in is open, its QR code, and the counts. Its script asks
    again (``Accept: application/json``: the screen's inner part as HTML) when the code changes or check-in opens.
    """
    try:
        screen = api.get_check_in_screen(usage_key)
    except (errors.SessionNotFound, errors.InvalidKeyError) as exc:
        raise Http404(_("No such session.")) from exc
    if screen.course_key != str(key):
        raise Http404(_("No such session."))
    now = timezone.now()
    if screen.state == "open":
        refresh = max(math.ceil((screen.changes_at - now).total_seconds()) + 1, 1)
    elif screen.state == "not_yet":
        refresh = min(max(math.ceil((screen.opens_at - now).total_seconds()), 1), MAX_REFRESH)
    else:
        refresh = None
    learner_url = request.build_absolute_uri(reverse("ce_plugin:check-in", args=[str(key)]))
    context = _context(key, screen=screen, refresh=refresh, learner_url=learner_url,
                       qr=qr_svg(f"{learner_url}?code={screen.code}", scale=8) if screen.code else "")
    with timezone.override(ZoneInfo(screen.time_zone)):
        if "application/json" in request.headers.get("Accept", ""):  # the screen's script, for the next code
            response = JsonResponse({"html": render_to_string("ce_plugin/staff/_check_in_code.html", context,
                                                              request=request), "refresh": refresh})
            response["Cache-Control"] = "private, no-store"
            return response
        return render_page(request, "ce_plugin/staff/check_in_screen.html", context)
