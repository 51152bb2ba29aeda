"""Course-team endpoints served by Studio (and the LMS) for authoring."""
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.views.access import staff_view


@require_GET
@staff_view
def session_list(request, key):
    """JSON list of the course's registered CE sessions, for course staff."""
    try:
        sessions = api.list_sessions(key)
    except errors.ActivityNotFound:
        return JsonResponse({"error": _("This course has no CE activity yet.")}, status=404)
    return JsonResponse({"course_key": str(key), "sessions": [
        {"usage_key": s.usage_key, "title": s.title, "track": s.track, "starts_at": s.starts_at.isoformat(),
         "ends_at": s.ends_at.isoformat(), "max_credits": s.max_credit_overrides,
         "evaluation_questions": len(s.evaluation)}
        for s in sessions
    ]})
