"""
Step d: claim credits, one day of the meeting at a time, evaluating each session in place.

Every day is one click away and the totals cover all days. A session whose evaluation is required
opens its evaluation on its own step page (``claim/evaluate/<session>/``), which returns to the same
day and row; with JavaScript the same form opens inside the row and enables its credit box when
saved. Without JavaScript everything works with plain links and posts.
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ce_plugin import api, compat, rules
from ce_plugin import exceptions as errors
from ce_plugin.formatting import amount_input, format_credits, format_time
from ce_plugin.views.access import render_page
from ce_plugin.views.claim_rows import render_rows
from ce_plugin.views.wizard import wizard_view

FIELD_PREFIX = "credits:"
ANSWER_PREFIX = "q:"


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _row_context(page, day, posted, problems):
    """The rows of the day as the template shows them: strings are prepared here, the template only places them."""
    titles = {row.session.usage_key: row.session.title for row in day.rows}
    unit_urls = compat.unit_urls(page.course_key, titles)
    claim_url = reverse("ce_plugin:claim", args=[str(page.course_key)])
    day_query = f"?day={day.day.isoformat()}" if day.day else ""
    rows = []
    for index, row in enumerate(day.rows, start=1):
        key = row.session.usage_key
        others = [titles[other] for other in row.concurrent_with]
        rows.append({
            "index": index, "key": key, "field": FIELD_PREFIX + key, "session": row.session,
            "maximum": format_credits(row.maximum) if row.maximum is not None else "–",
            "claimed": format_credits(row.claimed) if row.claimed else "–", "evaluated": row.evaluated,
            "needs_evaluation": row.needs_evaluation,
            "value": posted.get(key, format_credits(row.claimed) if row.claimed is not None else ""),
            "time": f"{format_time(row.session.starts_at)}–{format_time(row.session.ends_at)}",
            "speakers": ", ".join(row.session.speakers),
            "label": _("Credits for %(title)s") % {"title": row.session.title},
            "unit_url": unit_urls[key],
            "evaluate_url": f"{claim_url}evaluate/{key}/{day_query}",
            "error": problems.get(key),
            "concurrent": (_("At the same time: %(titles)s") % {"titles": "; ".join(others[:3])} + (
                " " + _("and %(count)d more") % {"count": len(others) - 3} if len(others) > 3 else "")
                if others else ""),
        })
    return rows


@require_http_methods(["GET", "POST"])
@wizard_view("claim")
def claim(request, page):
    """Claim credits for one day's sessions; saving is all or nothing, and an error shows once, at its row."""
    posted, problems, status, error = {}, {}, 200, None
    day_param = request.GET.get("day", "") or request.POST.get("day", "")
    if request.method == "POST":
        posted = {key[len(FIELD_PREFIX):]: value.strip() for key, value in request.POST.items()
                  if key.startswith(FIELD_PREFIX)}
        try:
            saved = api.record_session_claims(request.user, page.course_key,
                                              {key: amount_input(value) or "0" for key, value in posted.items()})
            if _wants_json(request):
                return JsonResponse({"ok": True, "total": format_credits(saved.total_credits),
                                     "credits": {k: format_credits(v) for k, v in saved.session_credits.items()}})
            messages.success(request, _("Your credits were saved."), fail_silently=True)
            return redirect(page.url("claim") + (f"?day={day_param}" if day_param else ""))
        except errors.CEError as exc:
            status = 400
            problems = {k: str(v) for k, v in (exc.params.get("errors") or {}).items()}
            rows_with_errors = [key for key in problems if key != "__all__"]
            # Each problem is shown once: at its row, or (when it belongs to no row) above the table.
            error = problems.get("__all__") or (
                None if rows_with_errors else str(exc.message))
            if _wants_json(request):
                return JsonResponse({"ok": False, "code": exc.code, "message": error or "", "errors": problems},
                                    status=400)
    day = api.get_claim_day(page.course_key, page.claim, day_param or None)
    credit_type = page.claim.statement_type.credit_type if page.claim and page.claim.statement_type else None
    with timezone.override(ZoneInfo(page.activity.time_zone)):  # times as the activity's clocks show them
        rows = _row_context(page, day, posted, problems)
    track, text = request.GET.get("track", ""), request.GET.get("q", "").strip().lower()
    shown = [row for row in rows if (not track or row["session"].track == track) and (
        not text or text in row["session"].title.lower() or any(text in s.lower() for s in row["session"].speakers))]
    editable = bool(credit_type) and not page.finalized and not page.preview
    return render_page(request, "ce_plugin/wizard/claim.html", page.context(
        "claim", day=day, rows=shown, count=len(rows), credit_type=credit_type,
        tracks=sorted({row["session"].track for row in rows} - {""}), filters={"track": track, "q": text},
        error=error, has_row_errors=any(row["error"] for row in rows), field_prefix=FIELD_PREFIX,
        rows_html=render_rows(shown, editable, {
            "evaluated": _("Evaluated"), "evaluate": _("Evaluate"), "evaluate_required": _("Evaluate (required)"),
            "evaluation": _("Evaluation"), "concurrent": _("Concurrent")}),
        editable=editable,
        window_closed=rules.window_violation(
            page.now, page.activity.claim_opens_at, page.activity.claim_closes_at,
            page.claim.window_closes_at if page.claim else None) is not None,
    ), status=status)


def _answers(post, questions):
    """The evaluation's answers from a plain form post (``q:<id>``; several values for a multiple choice)."""
    answers = {}
    for question in questions:
        name = ANSWER_PREFIX + question["id"]
        if question["type"] == "multiple":
            answers[question["id"]] = post.getlist(name)
        else:
            answers[question["id"]] = post.get(name, "")
        comment = post.get(f"{name}__comment")
        if comment is not None:
            answers[f"{question['id']}__comment"] = comment
    return answers


@require_http_methods(["GET", "POST"])
@wizard_view("claim")
def evaluate(request, page, usage_key):
    """
    One session's evaluation as a step of the claim page; it returns to the claim page's day and row.

    ``?partial=1`` answers with the form alone, which the claim page's script opens inside the row.
    """
    try:
        session = api.get_session(usage_key)
    except errors.CEError as exc:
        raise Http404(_("No such session.")) from exc
    if session.course_key != str(page.course_key) or not session.has_evaluation:
        raise Http404(_("No such session."))
    day = request.GET.get("day", "")
    back = page.url("claim") + (f"?day={day}" if day else "") + f"#session-{session.usage_key}"
    submitted = api.get_evaluation(request.user, session.usage_key) if not page.preview else None
    problems, status, posted = {}, 200, {}
    if request.method == "POST" and submitted is None:
        posted = _answers(request.POST, session.evaluation)
        try:
            api.submit_evaluation(request.user, session.usage_key, posted)
            if _wants_json(request):
                return JsonResponse({"ok": True})
            messages.success(request, _("Thank you: your evaluation of this session is saved."), fail_silently=True)
            return redirect(back)
        except errors.CEError as exc:
            problems, status = {k: str(v) for k, v in (exc.params.get("errors") or {}).items()}, 400
            if not problems:
                problems = {"__all__": str(exc.message)}
            if _wants_json(request):
                return JsonResponse({"ok": False, "message": str(exc.message), "errors": problems}, status=400)
    chosen = {key: [str(v) for v in (value if isinstance(value, list) else [value])] for key, value in posted.items()}
    context = page.context("claim", session=session, submitted=submitted, problems=problems, chosen=chosen,
                           back=back, day=day, answer_prefix=ANSWER_PREFIX,
                           action=reverse("ce_plugin:claim-evaluate", args=[str(page.course_key), session.usage_key]))
    template = "_evaluation_form.html" if request.GET.get("partial") else "evaluate.html"
    return render_page(request, f"ce_plugin/wizard/{template}", context, status=status)
