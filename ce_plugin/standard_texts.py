"""
Texts the plugin itself writes into data, kept language-neutral and shown in the reader's language.

The default credit types (their names, unit labels and designation statements), the kinds of activity the
designations name and the standard evaluation items are stored as their English message ids: the same
stored row serves a Spanish learner and a French one, whatever language was active when it was written.
Where such a text is shown, :func:`shown` translates it; anything an operator or author typed instead is
shown as typed. :func:`stored` does the reverse for a form that showed a standard text translated: the
text coming back unchanged is stored as its message id again.

Rows written before (English texts) are the message ids themselves, so they are recognised too.
"""
from __future__ import annotations

import functools

from django.utils.translation import gettext


@functools.cache
def standard_texts() -> frozenset:
    """Every message id the plugin may store in data (marked for translation where it is defined)."""
    from ce_plugin.credit_types import ACTIVITY_KINDS, DEFAULT_CREDIT_TYPES  # pylint: disable=import-outside-toplevel
    from ce_plugin.evaluations import STANDARD_QUESTIONS  # pylint: disable=import-outside-toplevel

    texts = {row[name] for row in DEFAULT_CREDIT_TYPES for name in ("name", "unit_label", "designation_template")}
    texts.update(ACTIVITY_KINDS.values())
    for question in STANDARD_QUESTIONS:
        texts.add(question["text"])
        texts.update(choice["label"] for choice in question.get("choices", ()))
    return frozenset(texts)


def is_standard(text) -> bool:
    return isinstance(text, str) and text in standard_texts()


def shown(text):
    """``text`` in the reader's language when it is one of the plugin's standard texts; otherwise as it is."""
    return gettext(text) if is_standard(text) else text


def stored(text):
    """
    The message id of a standard text, given the text itself or its translation in the active language (as a
    form showed it); any other text as it is.
    """
    if not isinstance(text, str) or is_standard(text):
        return text
    stripped = text.strip()
    return next((msgid for msgid in sorted(standard_texts()) if gettext(msgid) == stripped), text)
