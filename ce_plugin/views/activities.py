"""
The library of CE activities (``/ce/``) and the learner's own activities (``/ce/mine/``).

The library lists every published CE activity, for signed-in users, or for anyone when the site sets
``CE_LIBRARY_PUBLIC``; each activity leads to its course's about page to enroll, or to its claim when
the learner is enrolled. "My activities" lists the CE activities of the learner's own courses with
where each claim stands.
"""
from collections import OrderedDict

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.statuses import ActivityType
from ce_plugin.views.access import render_page

FILTERS = {"type": "activity_type", "credit": "credit_type", "from": "from_date", "to": "to_date"}


@require_GET
def library(request):
    """Every published CE activity, newest first, filtered by event type, credit type and dates, 25 a page."""
    if not (request.user.is_authenticated or getattr(settings, "CE_LIBRARY_PUBLIC", False)):
        return redirect_to_login(request.get_full_path())
    chosen = {name: request.GET.get(name, "")[:40] for name in FILTERS}
    status, problems = 200, {}
    try:
        result = api.browse_activities(request.user, page=request.GET.get("page") or 1,
                                       **{FILTERS[name]: value for name, value in chosen.items()})
    except errors.InvalidInputError as exc:
        problems = exc.field_errors()
        status, result = 400, api.browse_activities(request.user)
    query = urlencode({name: value for name, value in chosen.items() if value and name not in problems})
    return render_page(request, "ce_plugin/library.html", {
        "result": result, "chosen": chosen, "problems": problems, "query": query,
        "types": [(kind.value, kind.label) for kind in ActivityType],
        "credit_types": [(ct.code, ct.name) for ct in api.list_credit_types()],
    }, status=status)


@require_GET
def my_activities(request):
    """The CE activities of the learner's courses, grouped by type, with their status; ``?type=`` filters."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    chosen = request.GET.get("type", "")
    items = [item for item in api.list_learner_activities(request.user) if not chosen or item.activity_type == chosen]
    groups = OrderedDict((kind, []) for kind in ActivityType)
    for item in items:
        groups[ActivityType(item.activity_type)].append(item)
    return render_page(request, "ce_plugin/activities.html", {
        "groups": [(kind.label, rows) for kind, rows in groups.items() if rows], "title": _("My CE activities"),
        "types": [(kind.value, kind.label) for kind in ActivityType], "chosen": chosen, "count": len(items),
    })
