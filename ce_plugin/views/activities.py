"""The learner's "Available activities": CE activities of their courses, by type, with their status."""
from collections import OrderedDict

from django.contrib.auth.views import redirect_to_login
from django.views.decorators.http import require_GET

from ce_plugin import api
from ce_plugin.statuses import ActivityType
from ce_plugin.views.access import render_page


@require_GET
def activities(request):
    """Activities grouped by type (live meetings, teleconferences, webinars, online courses); ``?type=`` filters."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    chosen = request.GET.get("type", "")
    items = [item for item in api.list_learner_activities(request.user) if not chosen or item.activity_type == chosen]
    groups = OrderedDict((kind, []) for kind in ActivityType)
    for item in items:
        groups[ActivityType(item.activity_type)].append(item)
    return render_page(request, "ce_plugin/activities.html", {
        "groups": [(kind.label, rows) for kind, rows in groups.items() if rows],
        "types": [(kind.value, kind.label) for kind in ActivityType], "chosen": chosen, "count": len(items),
    })
