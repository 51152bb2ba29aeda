"""Attendance codes for the CE office: import badge codes, generate group codes, see who used which."""
from __future__ import annotations

import csv
import functools
import io
import itertools
import re
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.validators import EmailValidator
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ce_plugin import compat
from ce_plugin import exceptions as errors
from ce_plugin.models import AttendanceCode, LearnerClaim
from ce_plugin.statuses import AuditAction, ClaimStatus, CodeKind

from .common import activity_row, audit, limit_input, text_input

MAX_CODE_LENGTH = 64
CODE_PATTERN = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9._-]{{0,{MAX_CODE_LENGTH - 1}}}$")
GROUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
GROUP_CODE_LENGTH = 10  # 50 bits: far beyond guessing under the attempt throttle
BATCH = 1000  # rows per INSERT statement at most
_email = EmailValidator()


@dataclass
class ImportReport:
    """What an import did: rows accepted, already present (duplicated) and rejected with a reason."""

    accepted: int = 0
    duplicated: int = 0
    rejected: list = field(default_factory=list)  # (line number, code, reason)

    @property
    def rows(self) -> int:
        return self.accepted + self.duplicated + len(self.rejected)


EMAIL_SHAPE = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


def _valid_email(value: str) -> bool:
    """
    Django's ``EmailValidator``, decided the way it decides, with each domain checked once per import.

    A cheap shape check first; then the validator's own length limit and user-part pattern; the domain
    part (the costly check, and the same for most of a registration list) through the validator's
    ``validate_domain_part``, remembered per domain. ``tests/test_attendance_codes.py`` holds this to
    the validator's answers on hostile addresses.
    """
    if not EMAIL_SHAPE.match(value) or len(value) > 320:
        return False
    user_part, domain_part = value.rsplit("@", 1)
    return bool(_user_part_match()(user_part)) and _valid_domain(domain_part)


@functools.cache
def _user_part_match():
    """The validator's user-part pattern, compiled (Django keeps it behind a lazy object)."""
    return _email.user_regex.match


@functools.lru_cache(maxsize=4096)
def _valid_domain(domain_part: str) -> bool:
    return domain_part in _email.domain_allowlist or bool(_email.validate_domain_part(domain_part))


def _insert_codes(rows):
    """
    Insert ``(activity_id, code, kind, email, name, created, modified)`` rows, many rows per ``INSERT`` statement.

    The ORM's ``bulk_create`` spends most of an import preparing values field by field; multi-row
    ``INSERT ... VALUES (...), (...)`` over the same columns, as many rows per statement as the
    backend takes parameters (``bulk_batch_size``: 142 on SQLite, ``BATCH`` on MySQL), is several
    times faster and portable (SQLite, MySQL).
    """
    if not rows:
        return
    meta = AttendanceCode._meta
    columns = [meta.get_field(name).column for name in (
        "activity", "code", "kind", "holder_email", "holder_name", "created", "modified")]
    prefix = (f"INSERT INTO {connection.ops.quote_name(meta.db_table)} "
              f"({', '.join(connection.ops.quote_name(c) for c in columns)}) VALUES ")
    one = f"({', '.join(['%s'] * len(columns))})"
    per_statement = max(1, min(BATCH, connection.ops.bulk_batch_size(columns, rows)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start:start + per_statement]
            cursor.execute(prefix + ", ".join([one] * len(chunk)), list(itertools.chain.from_iterable(chunk)))


def _existing_codes(activity) -> set:
    """The activity's codes, upper-cased: codes are matched without regard to case."""
    return {code.upper() for code in AttendanceCode.objects.filter(activity=activity).values_list("code", flat=True)}


def import_badge_codes(actor, course_key, csv_text: str) -> ImportReport:
    """
    Import personal badge codes from a registration system's CSV (columns ``code``, ``email``, ``name``).

    Idempotent: a code already in the activity (from an earlier import, or twice in the file) counts
    as duplicated and is left as it is. Rows with no code, a malformed code or a malformed e-mail are
    rejected with the reason and their line number. Written in batches, in one transaction.
    """
    activity = activity_row(course_key)
    if not isinstance(csv_text, str):
        raise errors.InvalidInputError(errors={"file": _("The file is not text.")})
    # Any line ending (CR only, as some spreadsheets write, LF or CRLF); fields up to the csv module's limit.
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"), newline=None))
    try:
        headers = {name.strip().lower() for name in reader.fieldnames or []}
    except csv.Error as exc:
        raise errors.InvalidInputError(errors={"file": _("The header row cannot be read: %(error)s") % {
            "error": exc}}) from exc
    if "code" not in headers:
        raise errors.InvalidInputError(errors={"file": _("The file needs a header row with a 'code' column.")})
    columns = {name.strip().lower(): index for index, name in enumerate(reader.fieldnames)}  # the last of a name wins
    existing = _existing_codes(activity)
    report, new = ImportReport(), []
    line = 1
    absent = len(columns) + 1 << 20  # the position of a column the file does not have: beyond any row
    code_at, email_at, name_at = columns["code"], columns.get("email", absent), columns.get("name", absent)
    activity_id, kind = activity.id, CodeKind.BADGE.value
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    code_shape, valid_email, remember, keep = CODE_PATTERN.match, _valid_email, existing.add, new.append
    try:
        # Rows as lists, fields by the header's positions; fields beyond the header are ignored, missing ones
        # are empty.
        for line, row in enumerate(reader.reader, start=2):
            if not row:  # a blank line, skipped as DictReader skips it
                continue
            width = len(row)
            code = row[code_at].strip() if code_at < width else ""
            email = row[email_at].strip() if email_at < width else ""
            if not code:
                report.rejected.append((line, code, "no code"))
            elif not code_shape(code):
                report.rejected.append((line, code[:64], "code has characters other than letters, digits, '.', "
                                                         "'-' or '_'"))
            elif email and not valid_email(email):
                report.rejected.append((line, code, "malformed e-mail"))
            elif (upper := code.upper()) in existing:
                report.duplicated += 1
            else:
                remember(upper)
                name = row[name_at].strip()[:255] if name_at < width else ""
                keep((activity_id, code, kind, email[:254], name, stamp, stamp))
    except csv.Error as exc:
        raise errors.InvalidInputError(errors={"file": _("Line %(line)d cannot be read: %(error)s") % {
            "line": line + 1, "error": exc}}) from exc
    with transaction.atomic():
        _insert_codes(new)
        report.accepted = len(new)
        audit(AuditAction.CODES_IMPORTED, activity=activity, actor=actor, accepted=report.accepted,
              duplicated=report.duplicated, rejected=len(report.rejected))
    return report


def generate_group_codes(actor, course_key, count: int, label: str = "") -> list[str]:
    """Create ``count`` (1-500) shared group codes for teleconference sites; returns them."""
    if not isinstance(count, int) or not 1 <= count <= 500:
        raise errors.InvalidInputError(errors={"count": _("Between 1 and 500 codes at a time.")})
    activity = activity_row(course_key)
    existing = _existing_codes(activity)
    codes = []
    while len(codes) < count:
        code = "".join(secrets.choice(GROUP_ALPHABET) for _position in range(GROUP_CODE_LENGTH))
        if code not in existing:
            existing.add(code)
            codes.append(code)
    with transaction.atomic():
        AttendanceCode.objects.bulk_create([AttendanceCode(activity=activity, code=code, kind=CodeKind.GROUP,
                                                           holder_name=label[:255]) for code in codes])
        audit(AuditAction.CODES_GENERATED, activity=activity, actor=actor, count=count)
    return codes


def rebind_badge_code(actor, course_key, code, username, reason) -> dict:
    """
    Release a personal badge code, or bind it to another learner of the activity, with a reason (audited).

    ``username`` empty releases the code. Otherwise the code becomes that learner's, and the badge code
    they held before is released (one badge code per learner). A learner whose claim, not yet finalized,
    named a code that is no longer theirs verifies attendance again. Returns ``{"code", "from", "to"}``
    (usernames). Raises ``InvalidInputError`` (no reason, unknown learner) or ``NotFoundError``.
    """
    reason = reason.strip() if isinstance(reason, str) else ""
    username = username.strip() if isinstance(username, str) else ""
    code = code.strip() if isinstance(code, str) else ""
    if not reason:
        raise errors.InvalidInputError(errors={"reason": _("A reason is required.")})
    activity = activity_row(course_key)
    target = None
    if username:
        target = get_user_model().objects.filter(username=username).first()
        if target is None or not compat.is_enrolled(target, activity.course_key):
            raise errors.InvalidInputError(errors={"username": _("No learner of this course has that username.")})
    with transaction.atomic():
        badge = AttendanceCode.objects.select_for_update().filter(
            activity=activity, kind=CodeKind.BADGE, code__iexact=code).first() \
            if 0 < len(code) <= MAX_CODE_LENGTH else None
        if badge is None:
            raise errors.NotFoundError(_("No badge code of this activity matches."))
        previous = badge.bound_user
        released = [badge.id]
        if target is not None:
            released += list(AttendanceCode.objects.filter(activity=activity, kind=CodeKind.BADGE, bound_user=target)
                             .exclude(id=badge.id).values_list("id", flat=True))
        AttendanceCode.objects.filter(id__in=released).update(bound_user=None, bound_at=None)
        stale = LearnerClaim.objects.filter(activity=activity, attendance_code_id__in=released).exclude(
            status=ClaimStatus.FINALIZED)
        if target is not None:
            stale = stale.exclude(user=target, attendance_code=badge)
            AttendanceCode.objects.filter(id=badge.id).update(bound_user=target, bound_at=timezone.now())
        stale.update(attendance_code=None, attendance_verified_at=None)
        moved = {"code": badge.code, "from": previous.username if previous else None,
                 "to": target.username if target else None}
        audit(AuditAction.CODE_REBOUND, activity=activity, actor=actor, subject=target or previous, reason=reason,
              **moved)
    return moved


def attendance_code_usage(course_key, search: str = "", limit: int | None = None) -> list[dict]:
    """
    The activity's codes with who used them: the bound learner (badge) or the learners who entered it (group).

    ``search`` keeps codes whose code, registrant name or e-mail contains it; ``limit`` keeps the
    first ones (by kind, then code). Three queries whatever the number of codes.
    """
    activity = activity_row(course_key)
    codes = AttendanceCode.objects.filter(activity=activity).order_by("kind", "code").only(
        "id", "code", "kind", "holder_name", "holder_email")
    search, limit = text_input(search, "search", max_length=200), limit_input(limit)
    if search:
        codes = codes.filter(Q(code__icontains=search) | Q(holder_name__icontains=search)
                             | Q(holder_email__icontains=search))
    codes = list(codes[:limit] if limit else codes)
    used = {}
    claims = activity.claims.filter(attendance_code__isnull=False)
    if limit or search:
        claims = claims.filter(attendance_code__in=[code.id for code in codes])
    for code_id, user_id, username, verified_at in claims.values_list(
            "attendance_code_id", "user_id", "user__username", "attendance_verified_at"):
        used.setdefault(code_id, []).append((user_id, username, verified_at))
    names = compat.get_full_names({user_id for rows in used.values() for user_id, _u, _v in rows})
    return [{
        "code": code.code, "kind": code.kind, "kind_label": str(CodeKind(code.kind).label),
        "holder_name": code.holder_name, "holder_email": code.holder_email,
        "users": [{"username": username, "name": names.get(user_id, ""), "verified_at": verified_at}
                  for user_id, username, verified_at in used.get(code.id, [])],
    } for code in codes]


def attendance_code_counts(course_key) -> dict:
    """How many codes the activity has (``total``) and how many were used (``used``); two queries."""
    activity = activity_row(course_key)
    return {"total": AttendanceCode.objects.filter(activity=activity).count(),
            "used": activity.claims.filter(attendance_code__isnull=False).values("attendance_code").distinct().count()}
