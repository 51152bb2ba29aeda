"""
CE data model. Split by what it holds:

* :mod:`.catalog` - what is offered: credit types, activities, statement types, sessions;
* :mod:`.claims` - what learners do: attendance codes, claims, session claims, check-ins, evaluations;
* :mod:`.records` - what must last: statements of credit and the audit trail;
* :mod:`.external` - what learners report themselves: credit earned from other providers.
"""
from .catalog import CEActivity, CESession, CreditType, DisclosurePage, StatementType
from .claims import AttendanceCode, EvaluationResponse, LearnerClaim, SessionCheckIn, SessionClaim
from .external import ExternalCredit
from .records import AuditEvent, ReportJob, Statement, StatementJob, StatementJobItem, TranscriptFile

__all__ = [
    "AttendanceCode",
    "AuditEvent",
    "CEActivity",
    "CESession",
    "CreditType",
    "DisclosurePage",
    "EvaluationResponse",
    "ExternalCredit",
    "LearnerClaim",
    "ReportJob",
    "SessionCheckIn",
    "SessionClaim",
    "Statement",
    "StatementJob",
    "StatementJobItem",
    "StatementType",
    "TranscriptFile",
]
