"""
Session evaluation questions and answers: their shape and validation (pure functions).

A question is a dict::

    {"id": "objectives", "type": "likert", "text": "...", "required": true}
    {"id": "format", "type": "single", "text": "...", "choices": [{"id": "a", "label": "..."}]}

Types: ``likert`` (1-5), ``single`` and ``multiple`` choice, ``yesno`` and ``text``.
A ``yesno`` question may ask for a comment when answered "no" (``comment_on_no``), as the
standard "free of commercial bias" item does.

The standard items (:data:`STANDARD_QUESTIONS`) are stored with a ``standard`` key and their English
texts, and shown in the reader's language (:func:`shown_questions`); an author's questions are stored
and shown as typed.
"""
from __future__ import annotations

import copy
import re

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from ce_plugin import standard_texts

QUESTION_TYPES = ("likert", "single", "multiple", "yesno", "text")
LIKERT_RANGE = range(1, 6)
MAX_TEXT = 4000
_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class EvaluationInvalid(ValueError):
    """Questions or answers that do not fit the rules above. ``errors`` maps a field to a message."""

    def __init__(self, errors: dict):
        super().__init__("; ".join(f"{key}: {value}" for key, value in errors.items()))
        self.errors = errors


def clean_questions(questions) -> list[dict]:
    """Validated, normalised copies of ``questions``; raises :class:`EvaluationInvalid`."""
    if not isinstance(questions, (list, tuple)):
        raise EvaluationInvalid({"questions": _("Questions must be a list.")})
    errors, cleaned, seen = {}, [], set()
    for index, raw in enumerate(questions):
        where = f"questions[{index}]"
        if not isinstance(raw, dict):
            errors[where] = _("A question must be an object.")
            continue
        qid, qtype, text = str(raw.get("id", "")).strip(), raw.get("type"), str(raw.get("text", "")).strip()
        if not _ID.match(qid) or qid in seen:
            errors[where] = _("Each question needs a unique id of letters, digits, '-' or '_'.")
            continue
        seen.add(qid)
        if not isinstance(qtype, str) or qtype not in QUESTION_TYPES:
            errors[where] = _("Unknown question type.")
            continue
        if not text:
            errors[where] = _("The question text is empty.")
            continue
        question = {"id": qid, "type": qtype, "text": text, "required": bool(raw.get("required", True))}
        if qtype in ("single", "multiple"):
            choices = raw.get("choices")
            choices = choices if isinstance(choices, list) else []
            labels = [(str(c.get("id", "")).strip(), str(c.get("label", "")).strip())
                      for c in choices if isinstance(c, dict)]
            if len(labels) < 2 or any(not cid or not label for cid, label in labels) \
                    or len({cid for cid, _label in labels}) != len(labels):
                errors[where] = _("A choice question needs at least two choices, each with a unique id and a label.")
                continue
            question["choices"] = [{"id": cid, "label": label} for cid, label in labels]
        if qtype == "yesno":
            question["comment_on_no"] = bool(raw.get("comment_on_no", False))
        cleaned.append(_recognised(question))
    if errors:
        raise EvaluationInvalid(errors)
    return cleaned


def _blank(value) -> bool:
    return value is None or value == "" or value == []


def clean_answers(questions: list[dict], answers) -> dict:
    """The answers to keep, checked against ``questions``; raises :class:`EvaluationInvalid`."""
    if not isinstance(answers, dict):
        raise EvaluationInvalid({"answers": _("Answers must be an object.")})
    known = {q["id"] for q in questions}
    errors = {key: _("Not a question of this evaluation.") for key in answers
              if key not in known and not str(key).endswith("__comment")}
    cleaned = {}
    for question in questions:
        qid, value = question["id"], answers.get(question["id"])
        if _blank(value):
            if question.get("required", True):
                errors[qid] = _("This question needs an answer.")
            continue
        try:
            cleaned[qid] = _clean_one(question, value)
        except (ValueError, TypeError, OverflowError):
            errors[qid] = _("This answer does not fit the question.")
            continue
        if question["type"] == "yesno" and cleaned[qid] == "no" and question.get("comment_on_no"):
            comment = answers.get(f"{qid}__comment", "")
            comment = comment.strip() if isinstance(comment, str) else ""
            if not comment:
                errors[qid] = _("Please say why.")
            else:
                cleaned[f"{qid}__comment"] = comment[:MAX_TEXT]
    if errors:
        raise EvaluationInvalid(errors)
    return cleaned


def _clean_one(question: dict, value):
    """The answer as stored, or ``ValueError``: each type takes exactly its JSON shape (no coercion of others)."""
    qtype = question["type"]
    if qtype == "likert":  # a whole number 1-5, or its digits as text ("4")
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError(value)
        text = str(value).strip()
        if text not in {str(n) for n in LIKERT_RANGE}:
            raise ValueError(value)
        return int(text)
    if qtype == "single":
        if not isinstance(value, str) or value not in {c["id"] for c in question["choices"]}:
            raise ValueError(value)
        return value
    if qtype == "multiple":
        values = value if isinstance(value, list) else [value]
        ids = {c["id"] for c in question["choices"]}
        if not values or not all(isinstance(v, str) and v in ids for v in values) or len(set(values)) != len(values):
            raise ValueError(value)
        return [c["id"] for c in question["choices"] if c["id"] in values]
    if qtype == "yesno":
        if value not in ("yes", "no"):
            raise ValueError(value)
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise ValueError("too long")
    return text


# The standard accreditation evaluation items (objectives, relevance, bias, practice change, overall). Stored
# language-neutral: each question carries its stable ``standard`` key, and its text and choice labels are the
# English message ids, translated where shown (:func:`shown_questions`).
STANDARD_QUESTIONS = (
    {"id": "objectives_met", "standard": "objectives_met", "type": "likert", "required": True,
     "text": gettext_noop("The session met its stated learning objectives (1 = not at all, 5 = fully).")},
    {"id": "relevant", "standard": "relevant", "type": "likert", "required": True,
     "text": gettext_noop("The content was relevant to my practice (1 = not at all, 5 = highly).")},
    {"id": "unbiased", "standard": "unbiased", "type": "yesno", "required": True, "comment_on_no": True,
     "text": gettext_noop("Was the session free of commercial bias?")},
    {"id": "practice_change", "standard": "practice_change", "type": "single", "required": True,
     "text": gettext_noop("Do you intend to change your practice as a result of this session?"),
     "choices": [{"id": "yes", "label": gettext_noop("Yes")},
                 {"id": "already", "label": gettext_noop("I already do this")},
                 {"id": "no", "label": gettext_noop("No")}]},
    {"id": "overall", "standard": "overall", "type": "likert", "required": True,
     "text": gettext_noop("Overall rating of the session (1 = poor, 5 = excellent).")},
    {"id": "comments", "standard": "comments", "type": "text", "required": False,
     "text": gettext_noop("Other comments")},
)
_BY_KEY = {question["standard"]: question for question in STANDARD_QUESTIONS}


def standard_questions() -> list[dict]:
    """The standard accreditation evaluation items, as a session stores them (whatever language is active)."""
    return copy.deepcopy(list(STANDARD_QUESTIONS))


def _choices(question) -> list[dict]:
    choices = question.get("choices")
    return [choice for choice in choices if isinstance(choice, dict)] if isinstance(choices, list) else []


def _labels(question) -> list:
    return [choice.get("label") for choice in _choices(question)]


def standard_of(question: dict) -> dict | None:
    """
    The standard item ``question`` is, or ``None`` for a question an author wrote.

    A question stored with its ``standard`` key is that item; one stored before the key existed (or typed
    anew) is recognised by its type, text and choice labels being the item's, in English.
    """
    key = question.get("standard")
    if isinstance(key, str) and key in _BY_KEY:
        return _BY_KEY[key]
    return next((item for item in STANDARD_QUESTIONS if question.get("type") == item["type"]
                 and question.get("text") == item["text"] and _labels(question) == _labels(item)), None)


def shown_questions(questions) -> list[dict]:
    """
    Copies of ``questions`` as the reader sees them: the text and choice labels of standard items in the active
    language; an author's questions as typed. Ids, types and choice ids stay as stored (answers use them).
    """
    shown = []
    for question in questions if isinstance(questions, (list, tuple)) else ():
        if not isinstance(question, dict):
            continue
        question = copy.deepcopy(question)
        item = standard_of(question)
        if item is not None:
            labels = {choice["id"]: choice["label"] for choice in item.get("choices", ())}
            question["text"] = gettext(item["text"])
            for choice in _choices(question):  # by the stored label (the id may be the editor's own), else the id
                label = choice.get("label") if choice.get("label") in labels.values() else labels.get(
                    choice.get("id") if isinstance(choice.get("id"), str) else None)
                choice["label"] = gettext(label) if label else choice.get("label")
        shown.append(question)
    return shown


def _recognised(question: dict) -> dict:
    """
    ``question`` (cleaned) stored language-neutral when it is a standard item, as the editor showed it in the
    author's language (or in English); with the item's ``standard`` key. An author's question is stored as typed.
    """
    candidate = dict(question, text=standard_texts.stored(question["text"]))
    if "choices" in question:
        candidate["choices"] = [dict(c, label=standard_texts.stored(c["label"])) for c in question["choices"]]
    candidate.pop("standard", None)
    item = standard_of(candidate)
    if item is None:
        return question
    candidate["standard"] = item["standard"]
    return candidate
