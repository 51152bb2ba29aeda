"""The CE side of a course, as course staff set it up: activity settings, statements offered, disclosures."""
from __future__ import annotations

import re
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from ce_plugin import exceptions as errors
from ce_plugin import rules
from ce_plugin.data import ActivityData
from ce_plugin.models import CEActivity, CreditType, DisclosurePage, StatementType
from ce_plugin.serializers import activity_data
from ce_plugin.statuses import ActivityType, AttendanceMode, AuditAction, CheckInPresence

from .common import audit, parse_course_key, representable, time_zone_or_none

EXPORT_IDS = ("accme_activity_id", "acpe_uan")
EXPORT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,39}")

SETTINGS_FIELDS = ("activity_type", "title", "provider_name", "provider_address", "start_date", "end_date",
                   "location", "time_zone", "accreditation_statement", "claim_opens_at", "claim_closes_at",
                   "attendance_mode", "support_email", "gate_certificate", "published", "evaluations_identified",
                   "accme_activity_id", "acpe_uan", "check_in_presence")


TEXT_FIELDS = ("activity_type", "title", "provider_name", "provider_address", "location", "time_zone",
               "accreditation_statement", "attendance_mode", "support_email", "accme_activity_id", "acpe_uan",
               "check_in_presence")
DATE_FIELDS = ("start_date", "end_date")
MOMENT_FIELDS = ("claim_opens_at", "claim_closes_at")
FLAG_FIELDS = ("gate_certificate", "published", "evaluations_identified")


def _pairs(value, name):
    if not isinstance(value, (list, tuple)) or not all(
            isinstance(pair, (list, tuple)) and len(pair) == 2 and all(isinstance(part, str) for part in pair)
            for pair in value):
        raise errors.InvalidInputError(errors={name: _("Expected a list of pairs of texts.")})
    return [tuple(pair) for pair in value]


def _typed(values, statement_types, disclosures, caps):
    """The arguments of :func:`save_activity_settings` checked for their types (a form types them; others may not)."""
    if not isinstance(values, dict) or not isinstance(caps, dict):
        raise errors.InvalidInputError(errors={"__all__": _("Expected the settings as named values.")})
    problems = {}
    kinds = [(TEXT_FIELDS, str), (DATE_FIELDS, date), (MOMENT_FIELDS, datetime), (FLAG_FIELDS, bool)]
    for names, kind in kinds:
        for name in names:
            value = values.get(name)
            if value is not None and (not isinstance(value, kind) or (kind is date and isinstance(value, datetime))):
                problems[name] = _("This value is not valid.")
    if problems:
        raise errors.InvalidInputError(errors=problems)
    return values, _pairs(statement_types, "statement_types"), _pairs(disclosures, "disclosures"), caps


def save_activity_settings(actor, course_key, values: dict, statement_types: list, disclosures: list,
                           caps: dict) -> ActivityData:
    """
    Create or update the course's CE activity, in one transaction.

    ``values`` holds ``SETTINGS_FIELDS`` (already typed, e.g. by a Django form); ``statement_types``
    is a list of ``(credit_type_code, name)`` offered, in order (types no longer listed are
    withdrawn, never deleted, so claims keep them); ``disclosures`` a list of ``(title, markdown)``
    in order; ``caps`` maps credit-type codes to the activity cap (empty for none).
    """
    key = parse_course_key(course_key)
    values, statement_types, disclosures, caps = _typed(values, statement_types, disclosures, caps)
    problems = {}
    if values.get("activity_type") not in ActivityType.values:
        problems["activity_type"] = _("Unknown activity type.")
    if values.get("attendance_mode") not in AttendanceMode.values:
        problems["attendance_mode"] = _("Unknown attendance mode.")
    if values.get("check_in_presence", CheckInPresence.NONE) not in CheckInPresence.values:
        problems["check_in_presence"] = _("Unknown check-in requirement.")
    if not (values.get("title") or "").strip():
        problems["title"] = _("A title is required.")
    if time_zone_or_none(values.get("time_zone") or "UTC") is None:
        problems["time_zone"] = _("Unknown time zone: use a name such as America/New_York or UTC.")
    for name in ("claim_opens_at", "claim_closes_at"):
        if values.get(name) is not None and not representable(values[name]):
            problems[name] = _("Choose a date and time between the years 1900 and 9998.")
    opens, closes = (values.get(name) if name not in problems else None for name in (
        "claim_opens_at", "claim_closes_at"))
    if opens and closes and closes <= opens:
        problems["claim_closes_at"] = _("Claims must close after they open.")
    for name in EXPORT_IDS:  # written as they are into PARS and CPE Monitor files (ce_plugin.spreadsheets)
        if values.get(name) and not EXPORT_ID.fullmatch(str(values[name])):
            problems[name] = _("Letters, digits and hyphens only, starting with a letter or a digit.")
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        problems["end_date"] = _("The activity must end on or after its first day.")
    known = {ct.code: ct for ct in CreditType.objects.all()}
    clean_caps = {}
    for code, value in (caps or {}).items():
        if value in (None, ""):
            continue
        try:
            amount = rules.to_decimal(value)
        except ValueError:
            amount = None
        if code not in known or amount is None or amount <= 0:
            problems[f"caps.{code}"] = _("A cap is a positive number of credits.")
        else:
            clean_caps[code] = str(amount)
    for code, name in statement_types:
        if code not in known or not (name or "").strip():
            problems[f"statement_types.{code}"] = _("Each statement offered needs a known credit type and a name.")
    for index, (title, body) in enumerate(disclosures):
        if not (title or "").strip() or not (body or "").strip():
            problems[f"disclosures.{index}"] = _("A disclosure page needs a title and a text.")
    if problems:
        raise errors.InvalidInputError(errors=problems)
    with transaction.atomic():
        activity = CEActivity.objects.select_for_update().filter(course_key=key).first() or CEActivity(course_key=key)
        for name in SETTINGS_FIELDS:
            setattr(activity, name, values.get(name, getattr(activity, name)))
        activity.credit_caps = clean_caps
        activity.save()
        offered = {st.credit_type.code: st for st in activity.statement_types.select_related("credit_type")}
        for position, (code, name) in enumerate(statement_types):
            row = offered.pop(code, None) or StatementType(activity=activity, credit_type=known[code])
            row.name, row.position, row.active = name.strip(), position, True
            row.save()
        for row in offered.values():
            if row.active:
                row.active = False
                row.save(update_fields=["active", "modified"])
        previous = [(page.title, page.body) for page in activity.disclosure_pages.all()]
        if previous != [(t.strip(), b.strip()) for t, b in disclosures]:
            activity.disclosure_pages.all().delete()
            DisclosurePage.objects.bulk_create([DisclosurePage(activity=activity, position=i, title=t.strip(),
                                                               body=b.strip())
                                                for i, (t, b) in enumerate(disclosures)])
        audit(AuditAction.ACTIVITY_SAVED, activity=activity, actor=actor,
              statement_types=[code for code, _name in statement_types], disclosures_before=previous)
    return activity_data(activity)
