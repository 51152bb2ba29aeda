"""
Statements of credit: the immutable snapshot taken at issue, and its PDF.

The snapshot holds everything the statement shows, as it was at issue; the PDF is rendered
from the snapshot alone (never from live course data), once, and stored with its SHA-256.
Each credit type names a design (``ce_plugin/statements/<design>.html``), which an operator
may override with a template of the same name in their theme.
"""
from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone, translation

from ce_plugin import standard_texts
from ce_plugin.credit_types import ACTIVITY_KINDS
from ce_plugin.data import ActivityData, StatementTypeData
from ce_plugin.formatting import format_credits
from ce_plugin.pdf import html_to_pdf
from ce_plugin.qr import qr_svg

log = logging.getLogger(__name__)

SNAPSHOT_VERSION = 1
STYLESHEETS = ("ce_plugin/css/statement.css",)  # applied by the renderer to statements and transcripts
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by third parties


def new_verification_code() -> str:
    """A random code such as ``K7QM-2XRD-9PWA`` (60 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


def designation_text(template: str, activity: ActivityData, maximum: Decimal) -> str:
    """
    The credit type's designation statement filled with the activity's provider, kind and maximum, in the active
    language: a default statement (and the kind of activity it names) translated, the maximum in the language's
    notation. A statement an operator wrote is filled as written, with the kind of activity in English.
    """
    if not template:
        return ""
    kind = ACTIVITY_KINDS.get(activity.activity_type, ACTIVITY_KINDS[""])
    standard = standard_texts.is_standard(template)
    return standard_texts.shown(template).format(provider=activity.provider_name or activity.title,
                                                 activity_kind=standard_texts.shown(kind) if standard else kind,
                                                 max_credits=format_credits(maximum))


def verify_url(code: str) -> str:
    """The public verification address printed on the statement (``CE_VERIFY_BASE_URL`` + the verify page)."""
    base = (getattr(settings, "CE_VERIFY_BASE_URL", "") or getattr(settings, "LMS_ROOT_URL", "") or "").rstrip("/")
    return base + reverse("ce_plugin:verify", args=[code])


def build_snapshot(*, activity: ActivityData, statement_type: StatementTypeData, lines: list[dict],
                   learner_name: str, profile: dict, credentials: str = "", designated_maximum: Decimal,
                   issued_at: datetime,
                   verification_code: str, staff_issued: bool = False, attendance: dict | None = None,
                   language: str | None = None) -> dict:
    """
    Everything the statement shows, as plain JSON values.

    ``lines`` are dicts with ``title``, ``starts_at``/``ends_at`` (aware datetimes, or ``None``
    for a record of a past meeting), ``date`` (when there are no times) and ``credits``; optionally
    ``check_ins`` (the learner's check-in times) and ``suggested`` (the credit they suggested).
    ``attendance`` says how attendance was verified: the activity's ``code`` mode (``none``, ``badge``,
    ``group``) and when the code was accepted (``code_verified_at``), and its ``check_in`` requirement.

    The statement prints in ``language`` (by default the active one: the learner's, when they finalize); what
    is written in words at issue (the designation statement, the kind of activity) is written in it. Names of
    credit types and units are kept as stored (message ids for the defaults) and translated when rendered.
    """
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        return _snapshot(activity, statement_type, lines, learner_name, profile, credentials, designated_maximum,
                         issued_at, verification_code, staff_issued, attendance, language)


def _snapshot(activity, statement_type, lines, learner_name, profile, credentials, designated_maximum, issued_at,
              verification_code, staff_issued, attendance, language) -> dict:
    zone = ZoneInfo(activity.time_zone)
    credit_type = statement_type.credit_type
    sessions = []
    for line in lines:
        starts, ends = line.get("starts_at"), line.get("ends_at")
        day = starts.astimezone(zone).date() if starts else line["date"]
        sessions.append({
            "title": line["title"], "track": line.get("track", ""), "date": day.isoformat(),
            "starts_at": starts.astimezone(zone).isoformat() if starts else None,
            "ends_at": ends.astimezone(zone).isoformat() if ends else None,
            "credits": str(Decimal(line["credits"]).quantize(Decimal("0.01"))),
            "check_ins": [moment.astimezone(zone).isoformat() for moment in line.get("check_ins") or ()],
            "suggested": str(line["suggested"]) if line.get("suggested") is not None else None,
        })
    sessions.sort(key=lambda s: (s["starts_at"] or s["date"], s["title"]))
    completion = max((s["date"] for s in sessions), default=None) or (
        activity.end_date.isoformat() if activity.end_date else issued_at.date().isoformat())
    return {
        "version": SNAPSHOT_VERSION,
        "verification_code": verification_code,
        "verify_url": verify_url(verification_code),
        "issued_at": issued_at.isoformat(),
        "completion_date": completion,
        "staff_issued": staff_issued,
        "language": language,
        "design": credit_type.statement_design,
        "learner": {"name": learner_name, "credentials": credentials, "profile": dict(profile)},
        "activity": {
            "course_key": activity.course_key, "title": activity.title, "type": activity.activity_type,
            "type_label": activity.activity_type_label, "location": activity.location,
            "start_date": activity.start_date.isoformat() if activity.start_date else None,
            "end_date": activity.end_date.isoformat() if activity.end_date else None,
            "provider_name": activity.provider_name, "provider_address": activity.provider_address,
            "accreditation_statement": activity.accreditation_statement, "time_zone": activity.time_zone,
            "support_email": activity.support_email, "accme_activity_id": activity.accme_activity_id,
            "acpe_uan": activity.acpe_uan, "past_meeting": activity.past_meeting,
        },
        "statement_type": {
            "name": statement_type.name,
            "credit_type": {"code": credit_type.code, "name": credit_type.name, "unit_label": credit_type.unit_label},
        },
        "sessions": sessions,
        "attendance": dict(attendance or {"code": "none", "code_verified_at": None, "check_in": "none"}),
        "total": str(sum((Decimal(s["credits"]) for s in sessions), Decimal("0.00"))),
        "designated_maximum": str(designated_maximum),
        "designation": designation_text(credit_type.designation_template, activity, designated_maximum),
    }


def _parse(value, kind):
    if not value:
        return None
    return date.fromisoformat(value) if kind is date else datetime.fromisoformat(value)


def render_html(snapshot: dict) -> str:
    """
    The statement's HTML, from the snapshot only, in the design its credit type named at issue.

    The template ``select_template`` chose is rendered as it is: its name is not asked for again,
    because the LMS's loaders (``common/djangoapps/edxmako/makoloader.py``, openedx-platform master and
    release/ulmo) hand out templates compiled with ``Engine.from_string``, which have no name.
    """
    sessions = [dict(s, date=_parse(s["date"], date), starts_at=_parse(s.get("starts_at"), datetime),
                     ends_at=_parse(s.get("ends_at"), datetime)) for s in snapshot["sessions"]]
    design = snapshot.get("design") or "physician"
    template = select_template([f"ce_plugin/statements/{design}.html", "ce_plugin/statements/physician.html"])
    zone = ZoneInfo(snapshot["activity"].get("time_zone") or "UTC")
    with translation.override(snapshot.get("language") or "en"), timezone.override(zone):
        return template.render({
            "s": snapshot, "sessions": sessions,
            "dates": {key: _parse(snapshot["activity"].get(key), date) for key in ("start_date", "end_date")},
            "issued_at": datetime.fromisoformat(snapshot["issued_at"]),
            "total": format_credits(snapshot["total"]), "qr_svg": qr_svg(snapshot.get("verify_url", "")),
        })


def render_pdf(snapshot: dict) -> bytes:
    """The statement's PDF bytes (archival PDF/A, tagged), from the snapshot only."""
    return html_to_pdf(render_html(snapshot), stylesheets=STYLESHEETS,
                       pdf_variant=getattr(settings, "CE_STATEMENT_PDF_VARIANT", "pdf/a-2a"))


def ensure_pdf(statement_id: int):
    """Render and store the statement's PDF unless it already is; returns the statement row."""
    from ce_plugin.models import Statement  # pylint: disable=import-outside-toplevel
    with transaction.atomic():
        statement = Statement.objects.select_for_update().get(id=statement_id)
        if statement.pdf:
            return statement
        data = render_pdf(statement.snapshot)
        statement.pdf.save(f"statement-{statement.verification_code}.pdf", ContentFile(data), save=False)
        statement.pdf_sha256 = hashlib.sha256(data).hexdigest()
        statement.save(update_fields=["pdf", "pdf_sha256"])
        log.info("Rendered statement %s (%d bytes)", statement.verification_code, len(data))
        return statement
