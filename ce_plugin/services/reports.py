"""What the CE office reads: claims roster, evaluation results and accreditation exports."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import Count, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from ce_plugin import compat
from ce_plugin.data import ExportPreview
from ce_plugin.models import CESession, EvaluationResponse, LearnerClaim, SessionCheckIn, Statement
from ce_plugin.spreadsheets import formula_like
from ce_plugin.statuses import ClaimStatus

from .common import activity_row, limit_input, text_input, time_zone_or_none

# New columns go last: CE offices' spreadsheets and scripts read the earlier ones by position.
ROSTER_COLUMNS = ["username", "name", "email", "statement_type", "sessions", "credits", "status", "finalized_at",
                  "verification_code", "checked_in_sessions"]
# ACCME PARS learner completion: the data ACCME asks for, one row per learner (docs/exports.rst).
PARS_COLUMNS = ["Activity ID", "Learner First Name", "Learner Last Name", "DOB Month", "DOB Day",
                "Licensing State", "License Number", "Board ID", "Completion Date", "Credits"]
# ACPE CPE Monitor: what NABP needs per learner (docs/exports.rst).
CPE_COLUMNS = ["NABP e-Profile ID", "Birth MMDD", "UAN", "Participation Date", "Contact Hours"]
PHYSICIAN_CREDIT = "ama-pra-1"
PHARMACY_CREDIT = "acpe"


def _claims_with_totals(activity):
    """
    The activity's claims with their learner, statement type, line count, credit total and the number of
    sessions the learner checked in to (one query: the check-ins are counted in a subquery, so the line
    join is not multiplied).
    """
    checked = (SessionCheckIn.objects.filter(user_id=OuterRef("user_id"), session__activity=activity)
               .order_by().values("user_id").annotate(n=Count("session_id", distinct=True)).values("n"))
    return (LearnerClaim.objects.filter(activity=activity)
            .select_related("user", "statement_type__credit_type")
            .annotate(line_count=Count("session_claims", filter=Q(session_claims__credits__gt=0)),
                      credit_total=Sum("session_claims__credits"),
                      checked_in=Coalesce(Subquery(checked), Value(0)))
            .order_by("user__username"))


def claims_roster(course_key, search: str = "", limit: int | None = None) -> list[dict]:
    """
    Learners' claims: statement type, sessions, credits, status, finalization, statement code (4 queries).

    ``search`` keeps the claims whose learner's username or e-mail address contains it; ``limit``
    keeps the first ones by username. ``finalized_at`` is a datetime (or ``None``).
    """
    activity = activity_row(course_key)
    claims = _claims_with_totals(activity)
    search, limit = text_input(search, "search", max_length=200), limit_input(limit)
    if search:
        claims = claims.filter(Q(user__username__icontains=search) | Q(user__email__icontains=search))
    claims = list(claims[:limit] if limit else claims)
    names = compat.get_full_names(claim.user_id for claim in claims)
    statements = Statement.objects.filter(activity=activity, revoked_at__isnull=True)
    if limit or search:
        statements = statements.filter(user_id__in=[claim.user_id for claim in claims])
    codes = dict(statements.values_list("user_id", "verification_code"))
    return [{
        "username": claim.user.username, "name": names.get(claim.user_id, ""), "email": claim.user.email,
        "statement_type": claim.statement_type.name if claim.statement_type else "",
        "sessions": claim.line_count, "credits": _credits(claim), "checked_in_sessions": claim.checked_in,
        "status": claim.status, "status_label": str(ClaimStatus(claim.status).label),
        "finalized_at": claim.finalized_at, "verification_code": codes.get(claim.user_id, ""),
    } for claim in claims]


def claim_counts(course_key) -> dict:
    """How many claims the activity has, in all (``total``) and by status (one query)."""
    counts = dict(LearnerClaim.objects.filter(activity=activity_row(course_key)).values_list("status")
                  .annotate(n=Count("id")).values_list("status", "n"))
    return {"total": sum(counts.values()), **{status.value: counts.get(status.value, 0) for status in ClaimStatus}}


def evaluation_results(course_key) -> list[dict]:
    """
    Per session and per question: counts, distributions and means; free-text answers listed.

    Answers are anonymous unless the activity says instructors may see who wrote them. Two
    queries; responses are read as plain answer dicts (no model instances), in chunks. Each answer
    is read against the question as the learner was asked it (kept on the response): when the course
    team changed a question's type since, the answers given to the earlier version are not counted
    under the new one but reported as ``earlier``.
    """
    activity = activity_row(course_key)
    sessions = list(CESession.objects.filter(activity=activity).exclude(evaluation=[]).order_by("starts_at", "id"))
    responses = {}
    identified = activity.evaluations_identified
    rows = EvaluationResponse.objects.filter(session__activity=activity).values_list(
        "session_id", "answers", "questions", "user__username" if identified else "session_id")
    for session_id, answers, asked, author in rows.iterator(chunk_size=2000):
        kinds = {q.get("id"): q.get("type") for q in asked or [] if isinstance(q, dict)}
        responses.setdefault(session_id, []).append(_Answers(answers, (author or "") if identified else "", kinds))
    results = []
    for session in sessions:
        answers = responses.get(session.id, [])
        questions = []
        for question in session.evaluation:
            qid, kind = question["id"], question["type"]
            answered = [(r, r.answers.get(qid)) for r in answers if r.answers.get(qid) not in (None, "", [])]
            given = [(r, value) for r, value in answered if r.kinds.get(qid, kind) == kind]
            entry = {"id": qid, "type": kind, "text": question["text"], "answered": len(given), "texts": [],
                     "comments": [], "earlier": len(answered) - len(given)}
            if kind == "likert":
                given = [(r, value) for r, value in given if isinstance(value, int) and 1 <= value <= 5]
                counts = Counter(int(value) for _r, value in given)
                entry["labels"] = ["1", "2", "3", "4", "5"]
                entry["counts"] = [counts.get(n, 0) for n in range(1, 6)]
                entry["mean"] = (Decimal(sum(int(v) for _r, v in given)) / len(given)).quantize(Decimal("0.01")) \
                    if given else None
            elif kind in ("single", "multiple"):
                counts = Counter(choice for _r, value in given for choice in (value if isinstance(value, list)
                                                                              else [value]))
                entry["labels"] = [c["label"] for c in question.get("choices", [])]
                entry["counts"] = [counts.get(c["id"], 0) for c in question.get("choices", [])]
            elif kind == "yesno":
                counts = Counter(value for _r, value in given)
                entry["labels"], entry["counts"] = [_("Yes"), _("No")], [counts.get("yes", 0), counts.get("no", 0)]
                entry["comments"] = [{"text": r.answers[f"{qid}__comment"], "by": r.by}
                                     for r, value in given if value == "no" and r.answers.get(f"{qid}__comment")]
            else:
                entry["texts"] = [{"text": str(value), "by": r.by} for r, value in given]
            questions.append(entry)
        results.append({"title": session.title, "starts_at": session.starts_at, "responses": len(answers),
                        "questions": questions, "retired": session.retired_at is not None})
    return results


class _Answers(NamedTuple):
    """
    One evaluation response as the results need it: its answers, who wrote it when that may be shown,
    and the type of each question as it was asked.
    """

    answers: dict
    by: str
    kinds: dict


def _split_name(claim, full_name):
    """First and last name: the account's, unless the learner corrected the name printed on the statement."""
    first, last = (claim.user.first_name or "").strip(), (claim.user.last_name or "").strip()
    if first and last and not claim.printed_name:
        return first, last
    parts = (full_name or "").strip().rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else ("", "")


def _completion(claim, activity):
    """The day the learner finalized, in the activity's time zone."""
    zone = time_zone_or_none(activity.time_zone) or ZoneInfo("UTC")
    return claim.finalized_at.astimezone(zone).date() if claim.finalized_at else None


def _export(course_key, credit_code, activity_gaps, build) -> ExportPreview:
    """
    The file's rows for the finalized claims of ``credit_code``; what the activity lacks, said once; and
    the learners left out with what each of them lacks.

    ``activity_gaps(activity)`` lists what the activity itself must have for the file (then no row is
    written at all); ``build(activity, claim, profile, full_name)`` returns ``(row, reasons)`` for one
    learner, and a learner with any reason is listed as missing instead of written, so no file ever holds
    a blank required value.
    """
    activity = activity_row(course_key)
    offered = activity.statement_types.filter(active=True, credit_type__code=credit_code).exists()
    claims = list(_claims_with_totals(activity).filter(status=ClaimStatus.FINALIZED,
                                                        statement_type__credit_type__code=credit_code))
    names = compat.get_full_names(claim.user_id for claim in claims)
    gaps = tuple(activity_gaps(activity))
    rows, missing = [], []
    for claim in claims:
        name = claim.printed_name or names.get(claim.user_id, "")
        row, reasons = build(activity, claim, claim.profile or {}, name)
        if reasons:
            missing.append({"username": claim.user.username, "name": name, "missing": reasons})
        else:
            rows.append(row)
    return ExportPreview(rows=[] if gaps else rows, ready=len(rows), missing=missing, activity_gaps=gaps,
                         offered=offered or bool(claims))


def _credits(claim) -> str:
    return str((claim.credit_total or Decimal(0)).quantize(Decimal("0.01")))


def pars_activity_gaps(activity):
    return [_("an ACCME activity ID (in the activity settings)")] if not activity.accme_activity_id else []


def _pars_row(activity, claim, profile, full_name):
    first, last = _split_name(claim, full_name)
    board_id = profile.get("board_id", "") if profile.get("moc_consent") == "yes" else ""
    reasons = []
    if not (first and last):
        reasons.append(_("first and last name"))
    elif formula_like(first) or formula_like(last):
        reasons.append(_("a name that does not start with =, +, - or @"))
    if not profile.get("birth_mmdd"):
        reasons.append(_("birth month and day"))
    if not ((profile.get("license_state") and profile.get("license_number")) or board_id):
        reasons.append(_("licence state and number, or a board ID with consent"))
    if reasons:
        return None, reasons
    mmdd = profile["birth_mmdd"]
    return [activity.accme_activity_id, first, last, mmdd[:2], mmdd[2:], profile.get("license_state", ""),
            profile.get("license_number", ""), board_id, _completion(claim, activity).strftime("%m/%d/%Y"),
            _credits(claim)], []


def cpe_activity_gaps(activity):
    return [_("an ACPE universal activity number (in the activity settings)")] if not activity.acpe_uan else []


def _cpe_row(activity, claim, profile, full_name):  # pylint: disable=unused-argument
    reasons = []
    if not profile.get("nabp_eprofile_id"):
        reasons.append(_("NABP e-Profile ID"))
    if not profile.get("birth_mmdd"):
        reasons.append(_("birth month and day"))
    if reasons:
        return None, reasons
    return [profile["nabp_eprofile_id"], profile["birth_mmdd"], activity.acpe_uan,
            _completion(claim, activity).isoformat(),
            _credits(claim)], []


def pars_export(course_key):
    """
    ACCME PARS learner completion for finalized physician claims, as an ``ExportPreview``.

    The activity needs its ACCME activity ID. A learner is left out, with the reasons, when a
    required value is missing: first and last name, birth month and day, and a licence (state and
    number) or a board ID reported with consent.
    """
    return _export(course_key, PHYSICIAN_CREDIT, pars_activity_gaps, _pars_row)


def cpe_monitor_export(course_key):
    """
    ACPE CPE Monitor rows for finalized pharmacy claims, as an ``ExportPreview``.

    The activity needs its UAN; each learner their NABP e-Profile ID and birth month and day.
    """
    return _export(course_key, PHARMACY_CREDIT, cpe_activity_gaps, _cpe_row)
