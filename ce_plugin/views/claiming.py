"""Step d: every session of the activity on one page, with the learner's credits and evaluation status."""
from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ce_plugin import api, compat, rules
from ce_plugin import exceptions as errors
from ce_plugin.views.access import render_page
from ce_plugin.views.wizard import wizard_view

FIELD_PREFIX = "credits:"


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _rows(page, sessions, credit_type, posted, problems):
    zone = ZoneInfo(page.activity.time_zone)
    claim = page.claim
    credits = claim.session_credits if claim else {}
    evaluated = claim.evaluated_sessions if claim else frozenset()
    rows = []
    for session in sessions:
        key = session.usage_key
        rows.append({
            "session": session, "key": key, "field": FIELD_PREFIX + key,
            "day": session.starts_at.astimezone(zone).date(),
            "maximum": session.max_credits(credit_type) if credit_type else None,
            "claimed": credits.get(key),
            "value": posted.get(key, credits.get(key, "")),
            "evaluated": key in evaluated,
            "needs_evaluation": session.has_evaluation and session.evaluation_required and key not in evaluated,
            "unit_url": compat.unit_url(page.course_key, key),
            "error": problems.get(key),
        })
    return rows


def _filtered(rows, day, track, text):
    text = (text or "").strip().lower()
    return [row for row in rows
            if (not day or row["day"].isoformat() == day)
            and (not track or row["session"].track == track)
            and (not text or text in row["session"].title.lower()
                 or any(text in speaker.lower() for speaker in row["session"].speakers))]


def _grouped(rows):
    days = OrderedDict()
    for row in rows:
        days.setdefault(row["day"], OrderedDict()).setdefault(row["session"].track, []).append(row)
    return [(day, list(tracks.items())) for day, tracks in days.items()]


def _totals(page, rows, credit_type):
    claim = page.claim
    total = claim.total_credits if claim else Decimal("0.00")
    per_day = OrderedDict()
    for row in rows:
        if row["claimed"]:
            per_day[row["day"]] = per_day.get(row["day"], Decimal("0.00")) + row["claimed"]
    maximum = api.designated_maximum(page.course_key, credit_type.code) if credit_type else None
    return {"total": total, "maximum": maximum, "per_day": per_day,
            "daily_cap": credit_type.daily_cap if credit_type else None,
            "unit": credit_type.unit_label if credit_type else ""}


@require_http_methods(["GET", "POST"])
@wizard_view("claim")
def claim(request, page):
    """Claim credits: all sessions, grouped by day and track, filterable, saved in one all-or-nothing post."""
    posted, problems, status, error = {}, {}, 200, None
    if request.method == "POST":
        posted = {key[len(FIELD_PREFIX):]: value.strip() for key, value in request.POST.items()
                  if key.startswith(FIELD_PREFIX)}
        try:
            claim_data = api.record_session_claims(request.user, page.course_key,
                                                   {key: value or "0" for key, value in posted.items()})
            if _wants_json(request):
                return JsonResponse({"ok": True, "total": str(claim_data.total_credits),
                                     "credits": {k: str(v) for k, v in claim_data.session_credits.items()}})
            messages.success(request, _("Your credits were saved."), fail_silently=True)
            return redirect(request.get_full_path())
        except errors.CEError as exc:
            error, status = str(exc.message), 400
            problems = {k: str(v) for k, v in (exc.params.get("errors") or {}).items()}
            if _wants_json(request):
                return JsonResponse({"ok": False, "code": exc.code, "message": error, "errors": problems}, status=400)
    overview = api.get_activity_overview(page.course_key)
    credit_type = page.claim.statement_type.credit_type if page.claim and page.claim.statement_type else None
    rows = _rows(page, overview.sessions, credit_type, posted, problems)
    day, track, text = request.GET.get("day", ""), request.GET.get("track", ""), request.GET.get("q", "")
    shown = _filtered(rows, day, track, text)
    return render_page(request, "ce_plugin/wizard/claim.html", page.context(
        "claim", groups=_grouped(shown), shown=len(shown), count=len(rows), credit_type=credit_type,
        days=sorted({row["day"] for row in rows}), tracks=sorted({row["session"].track for row in rows} - {""}),
        filters={"day": day, "track": track, "q": text}, totals=_totals(page, rows, credit_type),
        error=error, general_error=problems.get("__all__"), field_prefix=FIELD_PREFIX,
        window_closed=rules.window_violation(
            page.now, page.activity.claim_opens_at, page.activity.claim_closes_at,
            page.claim.window_closes_at if page.claim else None) is not None,
    ), status=status)
