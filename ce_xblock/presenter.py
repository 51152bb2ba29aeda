"""
What the CE Session block shows and does, built from :mod:`ce_plugin.api` alone.

Kept apart from :mod:`ce_xblock.block` so the block class holds only fields, views and
handlers; everything here is imported lazily by the block, after Django is set up.
"""
from __future__ import annotations

import re

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from ce_plugin import api, standard_texts
from ce_plugin import exceptions as errors
from ce_plugin.formatting import format_credits

STEP_VIEWS = {"statement": ("ce_plugin:statement", ()), "attendance": ("ce_plugin:attendance", ()),
              "disclosures": ("ce_plugin:disclosures", (1,))}


def _url(name, course_key, *args):
    """A CE page URL, or ``None`` where the CE pages are not mounted (e.g. a Studio preview)."""
    try:
        return reverse(name, args=[str(course_key), *args])
    except NoReverseMatch:
        return None


def element_id(usage_key) -> str:
    """An HTML id prefix unique to the block on a page (labels of its inputs)."""
    key = str(usage_key)
    return "ce-" + re.sub(r"[^A-Za-z0-9_-]", "-", key.rsplit("@", 1)[-1] if "@" in key else key)


def student_context(usage_key, user) -> dict:
    """Template context of ``student_view`` (a fixed number of queries, whatever the activity's size)."""
    try:
        session = api.get_session(usage_key)
        activity = api.get_activity(session.course_key)
    except errors.NotFoundError:
        return {"registered": False}
    claim = api.get_claim(user, session.course_key) if user is not None else None
    evaluation = api.get_evaluation(user, usage_key) if user is not None else None
    key = str(usage_key)
    maxima = [
        {"name": st.name, "credits": session.max_credits(st.credit_type), "unit": st.credit_type.unit_label}
        for st in activity.statement_types
    ]
    chosen = claim.statement_type if claim else None
    step = api.missing_step(activity, claim)
    view_name, args = STEP_VIEWS.get(step, (None, ()))
    return {
        "registered": True,
        "anonymous": user is None,
        "session": session,
        "activity": activity,
        "maxima": maxima,
        "claim": claim,
        "statement_type": chosen,
        "session_max": session.max_credits(chosen.credit_type) if chosen else None,
        "increment": chosen.credit_type.increment if chosen else None,
        "claimed": claim.session_credits.get(key) if claim else None,
        "finalized": bool(claim and claim.is_finalized),
        "missing_step": step,
        "step_url": _url(view_name, session.course_key, *args) if view_name else None,
        "claim_page_url": _url("ce_plugin:claim", session.course_key),
        "statement_url": _url("ce_plugin:statement-pdf", session.course_key) if claim and claim.is_finalized else None,
        "block_id": element_id(usage_key),
        "evaluation_done": evaluation is not None,
        "questions": api.shown_evaluation(session.evaluation),
        "likert": range(1, 6),
    }


def preview_context(block) -> dict:
    """``author_view``'s context: the block's own fields as a session, before or after publishing."""
    from types import SimpleNamespace  # pylint: disable=import-outside-toplevel

    payload = block.session_payload()
    try:
        activity = api.get_activity(block.usage_key.course_key)
    except errors.NotFoundError:
        activity = None
    session = SimpleNamespace(
        title=payload["title"], starts_at=payload["starts_at"], ends_at=payload["ends_at"], track=payload["track"],
        speakers=payload["speakers"], learning_objectives=payload["learning_objectives"],
        evaluation=payload["evaluation"], has_evaluation=bool(payload["evaluation"]),
        evaluation_required=payload["evaluation_required"])
    suggested = api.suggest_max_credits(payload["starts_at"], payload["ends_at"])
    maxima = []
    for statement_type in (activity.statement_types if activity else ()):
        code = statement_type.credit_type.code
        maxima.append({"name": statement_type.name, "credits": payload["max_credits"].get(code, suggested.get(code)),
                       "unit": statement_type.credit_type.unit_label})
    return {"registered": payload["starts_at"] is not None, "preview": True, "anonymous": True, "session": session,
            "activity": activity or SimpleNamespace(time_zone=block.time_zone or "UTC"), "maxima": maxima,
            "questions": api.shown_evaluation(payload["evaluation"]), "likert": range(1, 6),
            "block_id": element_id(block.usage_key)}


def handle(action: str, usage_key, user, data) -> dict:
    """Run a block handler's domain call; answer ``{"ok": true, ...}`` or ``{"ok": false, "code", "message"}``."""
    if user is None:
        return {"ok": False, "code": "login_required", "message": _("Sign in to claim credit.")}
    data = data if isinstance(data, dict) else {}
    try:
        if action == "claim":
            claim = api.record_session_claim(user, usage_key, data.get("credits"))
            credits = claim.session_credits.get(str(usage_key))
            unit = standard_texts.shown(claim.statement_type.credit_type.unit_label) if claim.statement_type else ""
            total = format_credits(claim.total_credits)
            # "credits" and "total" for scripts (with a point); "shown" and "message" for the learner, in their
            # language.
            return {"ok": True, "credits": str(credits) if credits is not None else "0",
                    "total": str(claim.total_credits),
                    "shown": {"credits": format_credits(credits), "total": total},
                    "message": _("Saved. Your total for this activity is now %(total)s %(unit)s.") % {
                        "total": total, "unit": unit}}
        if action == "evaluate":
            evaluation = api.submit_evaluation(user, usage_key, data.get("answers"))
            return {"ok": True, "submitted_at": evaluation.submitted_at.isoformat()}
    except errors.CEError as exc:
        return {"ok": False, "code": exc.code, "message": str(exc.message),
                "errors": exc.field_errors()}
    return {"ok": False, "code": "unknown_action", "message": _("Unknown action.")}
