"""Frozen dataclasses returned by :mod:`ce_plugin.api`. No model instance crosses that boundary."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from ce_plugin import rules


@dataclass(frozen=True)
class CreditTypeData:
    code: str
    name: str
    unit_label: str
    minutes_per_credit: int
    increment: Decimal
    daily_cap: Decimal | None
    designation_template: str
    required_profile_fields: tuple[str, ...]
    statement_design: str = "physician"
    optional_profile_fields: tuple[str, ...] = ()

    @property
    def arithmetic(self) -> rules.CreditArithmetic:
        return rules.CreditArithmetic(self.minutes_per_credit, self.increment, self.daily_cap)


@dataclass(frozen=True)
class StatementTypeData:
    id: int
    name: str
    description: str
    credit_type: CreditTypeData


@dataclass(frozen=True)
class DisclosurePageData:
    id: int
    position: int
    title: str
    body: str


@dataclass(frozen=True)
class ActivityData:
    course_key: str
    title: str
    activity_type: str
    provider_name: str
    provider_address: str
    start_date: date | None
    end_date: date | None
    location: str
    time_zone: str
    accreditation_statement: str
    claim_opens_at: datetime | None
    claim_closes_at: datetime | None
    attendance_mode: str
    credit_caps: dict = field(hash=False)
    support_email: str
    accme_activity_id: str
    acpe_uan: str
    gate_certificate: bool
    evaluations_identified: bool
    published: bool
    statement_types: tuple[StatementTypeData, ...]
    disclosure_pages: tuple[DisclosurePageData, ...]
    check_in_presence: str = "none"
    past_meeting: bool = False  # no course behind the key: sessions and statements come from the CE office

    @property
    def activity_type_label(self) -> str:
        from ce_plugin.statuses import ActivityType  # pylint: disable=import-outside-toplevel
        return str(ActivityType(self.activity_type).label)

    def cap_for(self, credit_type_code: str) -> Decimal | None:
        value = self.credit_caps.get(credit_type_code)
        return None if value in (None, "") else Decimal(str(value))

    def statement_type(self, statement_type_id: int) -> StatementTypeData | None:
        return next((st for st in self.statement_types if st.id == statement_type_id), None)


@dataclass(frozen=True)
class SessionData:
    usage_key: str
    course_key: str
    title: str
    track: str
    starts_at: datetime
    ends_at: datetime
    speakers: tuple[str, ...]
    learning_objectives: tuple[str, ...]
    max_credit_overrides: dict = field(hash=False)
    evaluation: tuple = field(hash=False)
    evaluation_required: bool = True
    retired: bool = False

    def max_credits(self, credit_type: CreditTypeData) -> Decimal:
        """This session's maximum for ``credit_type`` (the override, else what its duration earns)."""
        return rules.session_maximum(self.starts_at, self.ends_at,
                                     self.max_credit_overrides.get(credit_type.code), credit_type.arithmetic)

    def slot(self, credit_type: CreditTypeData) -> rules.Slot:
        return rules.Slot(self.usage_key, self.starts_at, self.ends_at, self.max_credits(credit_type))

    @property
    def has_evaluation(self) -> bool:
        return bool(self.evaluation)


@dataclass(frozen=True)
class ActivityOverview:
    """An activity with its live (not retired) sessions, in time order."""

    activity: ActivityData
    sessions: tuple[SessionData, ...]


@dataclass(frozen=True)
class LearnerClaimData:
    course_key: str
    user_id: int
    status: str
    statement_type: StatementTypeData | None
    profile: dict = field(hash=False)
    attendance_verified_at: datetime | None = None
    disclosures_acknowledged_at: datetime | None = None
    finalized_at: datetime | None = None
    window_closes_at: datetime | None = None
    session_credits: dict = field(default_factory=dict, hash=False)
    evaluated_sessions: frozenset = frozenset()
    last_worked_session: str | None = None  # the session whose credits or evaluation changed last

    @property
    def is_finalized(self) -> bool:
        return self.finalized_at is not None

    @property
    def total_credits(self) -> Decimal:
        return sum(self.session_credits.values(), Decimal("0.00"))


@dataclass(frozen=True)
class ClaimDaySummary:
    """One day of a meeting on the claim page: how many sessions it has and what the learner claimed that day."""

    day: date
    sessions: int
    claimed: Decimal


@dataclass(frozen=True)
class ClaimRow:
    """One session on the claim page, with the learner's credits and evaluation."""

    session: SessionData
    maximum: Decimal | None
    claimed: Decimal | None
    evaluated: bool
    needs_evaluation: bool
    concurrent_with: tuple[str, ...]  # usage keys of the sessions held (partly) at the same time
    checked_in: tuple[datetime, ...] = ()  # the learner's first check-in near the start, last near the end
    needs_check_in: bool = False  # the activity asks for check-ins this learner has not made
    suggestion: CheckInSuggestion | None = None


@dataclass(frozen=True)
class ClaimDay:
    """The claim page of one day: every day of the meeting, this day's sessions, and totals for all days."""

    day: date | None
    days: tuple[ClaimDaySummary, ...]
    rows: tuple[ClaimRow, ...]
    total: Decimal
    designated_maximum: Decimal | None


@dataclass(frozen=True)
class EvaluationData:
    usage_key: str
    submitted_at: datetime
    answers: dict = field(hash=False)


@dataclass(frozen=True)
class SummaryLine:
    session: SessionData
    credits: Decimal


@dataclass(frozen=True)
class PrintedName:
    """The name and credentials a statement prints, and whether the learner changed the account's name."""

    name: str
    credentials: str
    account_name: str

    @property
    def corrected(self) -> bool:
        return self.name != self.account_name

    @property
    def line(self) -> str:
        """As printed: "Ada Lovelace, MD"."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


@dataclass(frozen=True)
class ClaimSummary:
    """What the statement will show: lines, total, designation; and sessions evaluated but not claimed."""

    activity: ActivityData
    claim: LearnerClaimData
    lines: tuple[SummaryLine, ...]
    total: Decimal
    evaluated_unclaimed: tuple[SessionData, ...]
    designated_maximum: Decimal
    designation: str
    printed_name: PrintedName | None = None


@dataclass(frozen=True)
class StatementData:
    verification_code: str
    course_key: str
    issued_at: datetime
    revoked_at: datetime | None
    revoked_reason: str
    pdf_sha256: str
    snapshot: dict = field(hash=False)

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class StatementJobFailure:
    username: str
    message: str


@dataclass(frozen=True)
class StatementJobData:
    """A bulk statement job's progress: learners done, failed (with why) and still pending."""

    id: str
    kind: str
    kind_label: str
    reason: str
    total: int
    done: int
    failed: int
    created: datetime
    finished_at: datetime | None
    failures: tuple = ()  # (StatementJobFailure, ...), the first 200

    @property
    def pending(self) -> int:
        return self.total - self.done - self.failed

    @property
    def status(self) -> str:
        return "done" if self.finished_at else ("running" if self.done or self.failed else "queued")

    @property
    def percent(self) -> int:
        return 100 if self.finished_at else (int(100 * (self.done + self.failed) / self.total) if self.total else 0)


@dataclass(frozen=True)
class StatementFile:
    filename: str
    content: bytes
    sha256: str


@dataclass(frozen=True)
class LearnerActivity:
    """One line of a learner's "Available activities" list."""

    course_key: str
    title: str
    activity_type: str
    activity_type_label: str
    start_date: date | None
    end_date: date | None
    location: str
    time_zone: str
    claim_closes_at: datetime | None  # the learner's own close when their window was extended
    status: str


@dataclass(frozen=True)
class StaffOverview:
    """The activity at a glance for its course team (counts only)."""

    activity: ActivityData
    live_sessions: int
    retired_sessions: int
    claims_in_progress: int
    claims_finalized: int
    statements_current: int
    statements_revoked: int
    evaluations: int
    extended_windows: int
    codes: dict = field(hash=False)  # {"total", "used"}
    export_gaps: dict = field(hash=False)  # {"pars"|"cpe": (what the activity lacks, ...)} for offered exports

    @property
    def claims(self) -> int:
        return self.claims_in_progress + self.claims_finalized


@dataclass(frozen=True)
class ClaimRecord:
    """One learner's claim as the course team sees it, with its statements and audit trail."""

    activity: ActivityData
    username: str
    name: str
    email: str
    printed_name: str
    printed_credentials: str
    status: str
    status_label: str
    statement_type: str
    unit_label: str
    attendance_verified_at: datetime | None
    finalized_at: datetime | None
    window_closes_at: datetime | None
    profile_given: tuple  # codes of the profile fields the learner gave (not their values)
    lines: tuple  # ({"title", "starts_at", "ends_at", "credits", "evaluated"}, ...)
    statements: tuple  # (StatementData, ...), newest first, revoked ones included
    events: tuple  # ({"at", "action", "by", "details"}, ...), oldest first

    @property
    def total(self) -> Decimal:
        return sum((line["credits"] for line in self.lines), Decimal("0.00"))


@dataclass(frozen=True)
class ExportPreview:
    """
    An accreditation export as it stands: the file's rows, how many learners are ready, what the activity
    lacks (said once; no row is written until it is given), and the learners left out with what each lacks.
    """

    rows: list = field(hash=False)
    ready: int
    missing: list = field(hash=False)  # [{"username", "name", "missing": [reason, ...]}]
    activity_gaps: tuple = ()
    offered: bool = True  # the activity offers the credit type (or finalized claims of it exist)


@dataclass(frozen=True)
class LibraryActivity:
    """One activity in the library of CE activities, with the way in: its course's about (enrollment) page."""

    course_key: str
    title: str
    activity_type: str
    activity_type_label: str
    start_date: date | None
    end_date: date | None
    location: str
    time_zone: str
    credit_types: tuple  # ((code, name), ...) of the statements offered
    enrolled: bool
    about_url: str
    claim_closes_at: datetime | None
    status: str  # the learner's status when enrolled (as in LearnerActivity), else ""


@dataclass(frozen=True)
class LibraryPage:
    items: tuple[LibraryActivity, ...]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class TranscriptEntry:
    verification_code: str
    course_key: str
    activity_title: str
    statement_type: str
    credit_type_code: str
    unit_label: str
    credits: Decimal
    completed_on: date
    issued_at: datetime
    revoked_at: datetime | None
    staff_issued: bool
    past_meeting: bool = False  # no course page to link to


@dataclass(frozen=True)
class TranscriptTotal:
    year: int | None
    credit_type_code: str
    credit_type_name: str
    unit_label: str
    total: Decimal


@dataclass(frozen=True)
class Transcript:
    """A learner's "Completed Credits and Certificates": every statement, totals per year and overall."""

    entries: tuple[TranscriptEntry, ...]
    by_year: tuple[TranscriptTotal, ...]
    overall: tuple[TranscriptTotal, ...]


@dataclass(frozen=True)
class ExternalCreditData:
    """Credit the learner earned elsewhere and reported themselves (self-reported, not verified)."""

    id: str
    provider: str
    title: str
    completed_on: date
    credit_type_code: str  # a site credit type's code; "" for a type the learner named ("other")
    credit_type_name: str  # that type's name, or the learner's words
    unit_label: str
    amount: Decimal
    has_certificate: bool
    modified: datetime


@dataclass(frozen=True)
class ExternalCredits:
    """The learner's self-reported credit, newest first, with totals per credit type (all years)."""

    entries: tuple[ExternalCreditData, ...]
    totals: tuple[TranscriptTotal, ...]


@dataclass(frozen=True)
class CertificateFile:
    """A learner's uploaded certificate as stored: served as a download of its sniffed type."""

    filename: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class ReportJobData:
    id: str
    kind: str
    status: str
    status_label: str
    done: int
    total: int
    has_file: bool
    error: str
    created: datetime
    finished_at: datetime | None
    expires_at: datetime | None

    @property
    def percent(self) -> int:
        return 100 if self.status == "done" else (int(100 * self.done / self.total) if self.total else 0)


@dataclass(frozen=True)
class CheckInScreenData:
    """A session's check-in screen at one moment: ``state`` is ``not_yet``, ``open`` or ``closed``."""

    usage_key: str
    course_key: str
    title: str
    starts_at: datetime
    ends_at: datetime
    opens_at: datetime
    closes_at: datetime
    state: str
    code: str
    changes_at: datetime | None
    time_zone: str
    start_count: int
    end_count: int
    learner_count: int


@dataclass(frozen=True)
class CheckInData:
    """A learner's check-in to a session (``phase``: ``start`` or ``end``); ``already`` when it was made before."""

    usage_key: str
    title: str
    phase: str
    checked_in_at: datetime
    already: bool
    time_zone: str


@dataclass(frozen=True)
class CheckInSuggestion:
    """The credit a learner's evidence (check-ins, completed content) suggests for a session, and why."""

    credits: Decimal
    reason: str
