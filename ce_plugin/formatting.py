"""
One way to show dates, times, time zones and credit amounts, on every page, statement PDF and CSV file.

* Dates: "12 June 2026" (the day's number, the month's name in the reader's language, the year);
  days in headings: "Friday 12 June 2026"; times: 24-hour "09:30"; a date with a time adds the time
  zone's abbreviation: "12 June 2026, 09:30 EDT". Every moment is shown in the activity's time zone
  (pages and statements switch to it with ``timezone.override``); the formats are translatable, so a
  language may order them its own way.
* Credits: always two decimals, with the reader's decimal separator: "1.50", "24.00" ("1,50" in French).
  What a reader types back may use either separator (``ce_plugin.rules.to_decimal`` reads both). In HTML
  attributes that browsers or scripts read as numbers (``min``, ``max``, ``step``, ``data-*``), credits are
  written with a point whatever the language (``plain_credits``, filter ``ce_number``).
* CSV files (read by spreadsheets and scripts): ISO 8601 dates and times with their offset, in the
  activity's zone, and credits with two decimals and a decimal point.

Templates load these as filters: ``{% load ce_format %}`` then ``ce_date``, ``ce_day``, ``ce_time``,
``ce_datetime``, ``ce_time_range`` and ``ce_credits``.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import formats, timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import pgettext_lazy

DATE = pgettext_lazy("date format (Django date syntax)", "j F Y")
DAY = pgettext_lazy("day heading format (Django date syntax)", "l j F Y")
TIME = pgettext_lazy("time format (Django date syntax)", "H:i")
DATETIME = pgettext_lazy("date and time format with the time zone (Django date syntax)", "j F Y, H:i T")
ZONE = "T"  # the time zone's abbreviation after a time or a range of times: "EST"
CENT = Decimal("0.01")


def _local(value):
    """``value`` in the current time zone when it is an aware datetime; dates and naive values as they are."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _parsed(value):
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return None
    return value


def format_date(value) -> str:
    value = _local(_parsed(value))
    return date_format(value, str(DATE)) if isinstance(value, (date, datetime)) else ""


def format_day(value) -> str:
    value = _local(_parsed(value))
    return date_format(value, str(DAY)) if isinstance(value, (date, datetime)) else ""


def format_time(value) -> str:
    value = _local(_parsed(value))
    return date_format(value, str(TIME)) if isinstance(value, datetime) else ""


def format_time_range(start, end=None) -> str:
    """"09:30–10:45 EDT": both times and the zone's abbreviation once; one time when there is no end."""
    start, end = _local(_parsed(start)), _local(_parsed(end))
    if not isinstance(start, datetime):
        return ""
    times = format_time(start) + (f"\u2013{format_time(end)}" if isinstance(end, datetime) else "")
    return f"{times} {date_format(start, ZONE)}" if timezone.is_aware(start) else times


def format_datetime(value) -> str:
    value = _local(_parsed(value))
    return date_format(value, str(DATETIME)) if isinstance(value, datetime) else ""


def credits(value) -> Decimal | None:
    """A credit amount as a two-place Decimal, or ``None`` for nothing."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        return None


def format_credits(value) -> str:
    """Two decimals with the reader's decimal separator; "" for no amount."""
    amount = credits(value)
    return formats.number_format(amount, decimal_pos=2, use_l10n=True) if amount is not None else ""


def plain_credits(value) -> str:
    """Two decimals with a point, whatever the reader's language ("1.50"); "" for no amount."""
    amount = credits(value)
    return f"{amount:.2f}" if amount is not None else ""


csv_credits = plain_credits  # CSV files, read by spreadsheets and scripts, take the same form


def csv_moment(value, zone) -> str:
    """ISO 8601 with the offset, in ``zone`` (a ``ZoneInfo``); dates as ``YYYY-MM-DD``."""
    if isinstance(value, datetime):
        return value.astimezone(zone).isoformat(timespec="minutes") if timezone.is_aware(value) else value.isoformat()
    return value.isoformat() if isinstance(value, date) else ""
