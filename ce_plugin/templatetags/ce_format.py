"""
Template filters of :mod:`ce_plugin.formatting`: one way to show dates, times and credits everywhere; and
``ce_text``, which shows the plugin's standard texts (default credit types' names and units) in the reader's
language (:mod:`ce_plugin.standard_texts`).
"""
from django import template

from ce_plugin import formatting, standard_texts

register = template.Library()

register.filter("ce_date", formatting.format_date)
register.filter("ce_day", formatting.format_day)
register.filter("ce_time", formatting.format_time)
register.filter("ce_datetime", formatting.format_datetime)
register.filter("ce_time_range", formatting.format_time_range)
register.filter("ce_credits", formatting.format_credits)
register.filter("ce_number", formatting.plain_credits)
register.filter("ce_text", standard_texts.shown)


@register.filter
def get_item(mapping, key):
    """``mapping[key]``, or ``None`` (for dicts keyed by data, such as errors per question)."""
    return mapping.get(key) if isinstance(mapping, dict) else None
