"""
The CE Session block's Studio editor: what ``studio_view`` shows and how ``save_session`` validates.

Everything is checked through :mod:`ce_plugin.api` before a single field is written, so an invalid
form leaves the block exactly as it was.
"""
from __future__ import annotations

from datetime import datetime

from django.utils.html import json_script
from django.utils.translation import gettext as _

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.formatting import format_credits

QUESTION_TYPES = [("likert", "Likert 1–5"), ("single", "Single choice"), ("multiple", "Multiple choice"),
                  ("yesno", "Yes / no"), ("text", "Free text")]


def local_value(iso_value: str, zone_name: str) -> str:
    """An ISO datetime as the ``datetime-local`` input shows it, in the session's time zone."""
    if not iso_value:
        return ""
    try:
        moment = datetime.fromisoformat(iso_value)
    except ValueError:
        return ""
    zone = api.time_zone_or_none(zone_name)
    if zone is not None and moment.tzinfo is not None:
        moment = moment.astimezone(zone)
    return moment.strftime("%Y-%m-%dT%H:%M")


def may_edit(block) -> bool:
    """Only the course team may save or query the editor (Studio's handler URL itself only needs a login)."""
    user = block._django_user()  # pylint: disable=protected-access
    return user is not None and api.can_author(user, block.usage_key.course_key)


def editing_zone(block) -> str:
    """
    The time zone the editor shows the session's times in: the block's own, else the activity's, else UTC.

    The times are shown and saved in the same zone, so saving an untouched form never moves a session.
    """
    if api.time_zone_or_none(block.time_zone) is not None:
        return block.time_zone
    try:
        return api.get_activity(block.usage_key.course_key).time_zone or "UTC"
    except errors.ActivityNotFound:
        return "UTC"


def editor_context(block) -> dict:
    """Template context of ``studio_view``."""
    credit_types = api.list_credit_types()
    payload = block.session_payload()
    suggested = api.suggest_max_credits(payload["starts_at"], payload["ends_at"])
    zone = editing_zone(block)
    return {
        "block": block,
        "time_zone": zone,
        "starts_local": local_value(block.starts_at, zone),
        "ends_local": local_value(block.ends_at, zone),
        "credit_types": [{"code": ct.code, "name": ct.name, "unit": ct.unit_label,
                          "value": block.max_credits.get(ct.code, ""), "suggested": suggested.get(ct.code, "")}
                         for ct in credit_types],
        # Author text travels in a JSON script element (escaped by ``json_script``), not in the runtime's init
        # arguments, which some runtimes write into a <script> element unescaped.
        # Standard items appear in the author's language; saved unchanged, they are stored language-neutral again.
        "editor_data": json_script({
            "evaluation": api.shown_evaluation(block.evaluation),
            "preset": api.shown_evaluation(api.standard_evaluation()),
            "question_types": [{"value": value, "label": _(label)} for value, label in QUESTION_TYPES]}),
    }


def _moment(local: str, zone, field: str, problems: dict):
    try:
        moment = datetime.fromisoformat(local if isinstance(local, str) else "")
    except ValueError:
        problems[field] = _("Enter a date and time.")
        return None
    if zone is None:
        return None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def _text(data: dict, name: str) -> str:
    """A text field of the editor's JSON ("" when absent or not text: the domain then names what is missing)."""
    value = data.get(name)
    return value.strip() if isinstance(value, str) else ""


def clean_editor_data(data: dict) -> dict:
    """The block fields to store, from the editor's JSON; raises ``InvalidInputError`` listing every problem."""
    problems = {}
    zone_name = _text(data, "time_zone")
    zone = api.time_zone_or_none(zone_name)
    if zone is None:
        problems["time_zone"] = _("Choose a time zone such as America/New_York.")
    starts = _moment(data.get("starts_at_local"), zone, "starts_at", problems)
    ends = _moment(data.get("ends_at_local"), zone, "ends_at", problems)
    lines = {}
    for name in ("speakers", "learning_objectives"):
        value = data.get(name) or []
        lines[name] = [item.strip() for item in value if isinstance(item, str) and item.strip()] \
            if isinstance(value, list) else value  # not a list: the domain refuses it with its message
    raw_maxima = data.get("max_credits") or {}
    max_credits = {code: value.strip() if isinstance(value, str) else value for code, value in raw_maxima.items()
                   if not isinstance(value, str) or value.strip()} if isinstance(raw_maxima, dict) else raw_maxima
    fields = None
    try:
        fields = api.clean_session_fields(
            title=_text(data, "session_title"), starts_at=starts, ends_at=ends, track=_text(data, "track"),
            speakers=lines["speakers"], learning_objectives=lines["learning_objectives"],
            max_credits=max_credits, evaluation=data.get("evaluation") or [],
            evaluation_required=data.get("evaluation_required") is True)
    except errors.InvalidInputError as exc:
        for key, message in exc.params.get("errors", {}).items():
            problems.setdefault(key, str(message))
    if problems:
        raise errors.InvalidInputError(errors=problems)
    return {
        "display_name": _text(data, "display_name") or fields["title"],
        "session_title": fields["title"], "track": fields["track"], "time_zone": zone_name,
        "starts_at": fields["starts_at"].isoformat(), "ends_at": fields["ends_at"].isoformat(),
        "speakers": fields["speakers"], "learning_objectives": fields["learning_objectives"],
        "max_credits": fields["max_credits"], "evaluation": fields["evaluation"],
        "evaluation_required": fields["evaluation_required"],
    }


def suggestions(data: dict) -> dict:
    """
    The suggested maximum per credit type for the editor's current times (``{}`` until they make sense), written
    as the author's language writes numbers: the editor shows them as the boxes' placeholders.
    """
    zone = api.time_zone_or_none(_text(data, "time_zone"))
    problems = {}
    starts = _moment(data.get("starts_at_local"), zone, "starts_at", problems)
    ends = _moment(data.get("ends_at_local"), zone, "ends_at", problems)
    if problems or starts is None or ends is None:
        return {}
    return {code: format_credits(value) for code, value in api.suggest_max_credits(starts, ends).items()}
