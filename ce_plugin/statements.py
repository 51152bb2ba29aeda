"""
Statements of credit: the immutable snapshot taken at finalization, and its PDF.

The snapshot holds everything the statement shows, as it was at issue; the PDF is rendered
from the snapshot alone (never from live course data), once, and stored with its SHA-256.
"""
from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ce_plugin.data import ActivityData, SessionData, StatementTypeData
from ce_plugin.pdf import html_to_pdf

log = logging.getLogger(__name__)

SNAPSHOT_VERSION = 1
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by third parties
ACTIVITY_KINDS = {
    "live_meeting": "live activity",
    "teleconference": "live activity",
    "webinar": "live activity",
    "online": "enduring material",
}


def new_verification_code() -> str:
    """A random code such as ``K7QM-2XRD-9PWA`` (60 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


def format_amount(amount) -> str:
    """``24.00`` -> ``24``, ``1.50`` -> ``1.5``, ``0.25`` -> ``0.25``."""
    text = f"{Decimal(amount).normalize():f}"
    return text


def designation_text(template: str, activity: ActivityData, maximum: Decimal) -> str:
    """The credit type's designation statement filled with the activity's provider, kind and maximum."""
    if not template:
        return ""
    return template.format(provider=activity.provider_name or activity.title,
                           activity_kind=ACTIVITY_KINDS.get(activity.activity_type, "activity"),
                           max_credits=format_amount(maximum))


def build_snapshot(*, activity: ActivityData, statement_type: StatementTypeData,
                   lines: list[tuple[SessionData, Decimal]], learner_name: str, profile: dict,
                   designated_maximum: Decimal, issued_at: datetime, verification_code: str) -> dict:
    """Everything the statement shows, as plain JSON values."""
    zone = ZoneInfo(activity.time_zone)
    credit_type = statement_type.credit_type
    ordered = sorted(lines, key=lambda line: (line[0].starts_at, line[0].title))
    return {
        "version": SNAPSHOT_VERSION,
        "verification_code": verification_code,
        "issued_at": issued_at.isoformat(),
        "language": translation.get_language() or "en",
        "learner": {"name": learner_name, "profile": dict(profile)},
        "activity": {
            "course_key": activity.course_key, "title": activity.title, "type": activity.activity_type,
            "type_label": activity.activity_type_label, "location": activity.location,
            "start_date": activity.start_date.isoformat() if activity.start_date else None,
            "end_date": activity.end_date.isoformat() if activity.end_date else None,
            "provider_name": activity.provider_name, "provider_address": activity.provider_address,
            "accreditation_statement": activity.accreditation_statement, "time_zone": activity.time_zone,
            "support_email": activity.support_email,
        },
        "statement_type": {
            "name": statement_type.name,
            "credit_type": {"code": credit_type.code, "name": credit_type.name, "unit_label": credit_type.unit_label},
        },
        "sessions": [
            {
                "title": session.title, "track": session.track,
                "date": session.starts_at.astimezone(zone).date().isoformat(),
                "starts_at": session.starts_at.astimezone(zone).isoformat(),
                "ends_at": session.ends_at.astimezone(zone).isoformat(),
                "credits": str(credits),
            }
            for session, credits in ordered
        ],
        "total": str(sum((credits for _, credits in ordered), Decimal("0.00"))),
        "designated_maximum": str(designated_maximum),
        "designation": designation_text(credit_type.designation_template, activity, designated_maximum),
    }


def _dates(snapshot):
    activity = snapshot["activity"]
    return {key: datetime.fromisoformat(activity[key]).date() if activity.get(key) else None
            for key in ("start_date", "end_date")}


def render_html(snapshot: dict) -> str:
    """The statement's HTML, from the snapshot only."""
    sessions = [dict(s, date=datetime.fromisoformat(s["date"]).date(),
                     starts_at=datetime.fromisoformat(s["starts_at"]), ends_at=datetime.fromisoformat(s["ends_at"]))
                for s in snapshot["sessions"]]
    zone = ZoneInfo(snapshot["activity"].get("time_zone") or "UTC")
    with translation.override(snapshot.get("language") or "en"), timezone.override(zone):
        return render_to_string("ce_plugin/statements/statement.html", {
            "s": snapshot, "sessions": sessions, "dates": _dates(snapshot),
            "issued_at": datetime.fromisoformat(snapshot["issued_at"]),
            "total": format_amount(snapshot["total"]),
        })


def render_pdf(snapshot: dict) -> bytes:
    """The statement's PDF bytes, from the snapshot only."""
    return html_to_pdf(render_html(snapshot))


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
