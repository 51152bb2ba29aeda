"""
Step d: claim credits, one day of the meeting at a time, evaluating each session in place.

Every day is one click away and the totals cover all days. A session whose evaluation is required
opens its evaluation on its own step page (``claim/evaluate/<session>/``), which returns to the same
day and row; with JavaScript the same form opens inside the row and enables its credit box when
saved. Without JavaScript everything works with plain links and posts.

The page's script posts claims and evaluations asking for JSON. Those posts are answered without the
wizard's page context (activity, claim, steps: about ten queries a request): the api checks the
enrollment, the finalization, the claim window, every step before claiming and every rule itself, and
says what is wrong. On a meeting's last day these posts are most of the traffic.
"""
from __future__ import annotations

from functools import wraps
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
from ce_plugin.views.access import course_key_or_404, render_page
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
            "suggestion": _("Suggested: %(reason)s") % {"reason": row.suggestion.reason} if row.suggestion else "",
            "needs_check_in": row.needs_check_in,
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


def answers_json_posts(json_view):
    """
    Decorate a wizard step so a POST asking for JSON goes to ``json_view(request, course_key, ...)``.

    Only a signed-in user's post to a published CE course gets there (else 401 or 404); the api checks
    the rest. Every other request goes through the wizard as before.
    """
    def decorator(view):
        @wraps(view)
        def wrapper(request, course_key, *args, **kwargs):
            if request.method != "POST" or not _wants_json(request):
                return view(request, course_key, *args, **kwargs)
            if not request.user.is_authenticated:
                return JsonResponse({"ok": False, "code": "login_required", "message": _("Sign in first.")},
                                    status=401)
            key = course_key_or_404(course_key)
            if not api.is_ce_course(key):
                raise Http404(_("This course offers no continuing-education credit."))
            return json_view(request, key, *args, **kwargs)
        return wrapper
    return decorator


def _refused(exc, problems, message):
    status = 403 if isinstance(exc, errors.NotEnrolledError) else 400
    return JsonResponse({"ok": False, "code": exc.code, "message": message or "", "errors": problems}, status=status)


def _save_claims(request, course_key):
    """
    Save the posted credits: ``(saved claim or None, posted values, problems per row, message for no row, error)``.
    """
    posted = {key[len(FIELD_PREFIX):]: value.strip() for key, value in request.POST.items()
              if key.startswith(FIELD_PREFIX)}
    try:
        saved = api.record_session_claims(request.user, course_key,
                                          {key: amount_input(value) or "0" for key, value in posted.items()})
        return saved, posted, {}, None, None
    except errors.CEError as exc:
        problems = exc.field_errors()
        rows_with_errors = [key for key in problems if key != "__all__"]
        # Each problem is shown once: at its row, or (when it belongs to no row) above the table.
        error = problems.get("__all__") or (None if rows_with_errors else str(exc.message))
        return None, posted, problems, error, exc


def claim_json(request, course_key):
    """The claim page's script saving credits: the new figures, or what is wrong, as JSON."""
    saved, _posted, problems, error, exc = _save_claims(request, course_key)
    if saved is None:
        return _refused(exc, problems, error)
    return JsonResponse({"ok": True, "total": format_credits(saved.total_credits),
                         "credits": {k: format_credits(v) for k, v in saved.session_credits.items()}})


@require_http_methods(["GET", "POST"])
@answers_json_posts(claim_json)
@wizard_view("claim")
def claim(request, page):
    """Claim credits for one day's sessions; saving is all or nothing, and an error shows once, at its row."""
    posted, problems, status, error = {}, {}, 200, None
    day_param = request.GET.get("day", "") or request.POST.get("day", "")
    if request.method == "POST":
        saved, posted, problems, error, _exc = _save_claims(request, page.course_key)
        if saved is not None:
            messages.success(request, _("Your credits were saved."), fail_silently=True)
            return redirect(page.url("claim") + (f"?day={day_param}" if day_param else ""))
        status = 400
    day = api.get_claim_day(page.course_key, page.claim, day_param or None, user=request.user)
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
            "evaluation": _("Evaluation"), "concurrent": _("Concurrent"),
            "check_in_needed": _("Check in to this session before claiming it.")}),
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


def evaluate_json(request, course_key, usage_key):
    """The claim page's script saving an evaluation: ``ok``, or what is wrong, as JSON."""
    session = _session_of(course_key, usage_key)
    try:
        api.submit_evaluation(request.user, session.usage_key, _answers(request.POST, session.evaluation))
    except errors.EvaluationAlreadySubmitted:
        return JsonResponse({"ok": True, "already_submitted": True})  # the row's credit box opens all the same
    except errors.CEError as exc:
        problems = exc.field_errors() or {"__all__": str(exc.message)}
        return _refused(exc, problems, str(exc.message))
    return JsonResponse({"ok": True})


def _session_of(course_key, usage_key):
    """The course's session with an evaluation, else 404."""
    try:
        session = api.get_session(usage_key)
    except errors.CEError as exc:
        raise Http404(_("No such session.")) from exc
    if session.course_key != str(course_key) or not session.has_evaluation:
        raise Http404(_("No such session."))
    return session


@require_http_methods(["GET", "POST"])
@answers_json_posts(evaluate_json)
@wizard_view("claim")
def evaluate(request, page, usage_key):
    """
    One session's evaluation as a step of the claim page; it returns to the claim page's day and row.

    ``?partial=1`` answers with the form alone, which the claim page's script opens inside the row.
    """
    session = _session_of(page.course_key, usage_key)
    day = request.GET.get("day", "")
    back = page.url("claim") + (f"?day={day}" if day else "") + f"#session-{session.usage_key}"
    submitted = api.get_evaluation(request.user, session.usage_key) if not page.preview else None
    problems, status, posted = {}, 200, {}
    if request.method == "POST" and submitted is None:
        posted = _answers(request.POST, session.evaluation)
        try:
            api.submit_evaluation(request.user, session.usage_key, posted)
            messages.success(request, _("Thank you: your evaluation of this session is saved."), fail_silently=True)
            return redirect(back)
        except errors.CEError as exc:
            problems, status = exc.field_errors(), 400
            if not problems:
                problems = {"__all__": str(exc.message)}
    chosen = {key: [str(v) for v in (value if isinstance(value, list) else [value])] for key, value in posted.items()}
    context = page.context("claim", session=session, submitted=submitted, problems=problems, chosen=chosen,
                           back=back, day=day, answer_prefix=ANSWER_PREFIX,
                           action=reverse("ce_plugin:claim-evaluate", args=[str(page.course_key), session.usage_key]))
    template = "_evaluation_form.html" if request.GET.get("partial") else "evaluate.html"
    return render_page(request, f"ce_plugin/wizard/{template}", context, status=status)
