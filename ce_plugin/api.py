"""
The public interface of the CE domain.

The XBlock, views, REST endpoints and tasks call these functions and nothing else for domain
work. They take users and course/usage keys (objects or strings), return frozen dataclasses
from :mod:`ce_plugin.data` and raise errors from :mod:`ce_plugin.exceptions`. Every function
that writes does so in one transaction: when it raises, nothing changed. The rules about what
may be claimed are in :mod:`ce_plugin.rules`; the functions live, by subject, in
:mod:`ce_plugin.services` and are documented there.

Activities and sessions
    :func:`get_activity`, :func:`get_activity_overview`, :func:`list_sessions`, :func:`get_session`,
    :func:`is_ce_course`, :func:`register_session`, :func:`retire_session`, :func:`sync_course_sessions`,
    :func:`list_credit_types`, :func:`suggest_max_credits`, :func:`clean_session_fields`, :func:`can_author`,
    :func:`standard_evaluation`, :func:`shown_evaluation`
A learner's claim
    :func:`get_claim`, :func:`missing_step`, :func:`select_statement_type`, :func:`verify_attendance`,
    :func:`acknowledge_disclosures`, :func:`record_session_claim`, :func:`record_session_claims`,
    :func:`get_evaluation`, :func:`submit_evaluation`, :func:`get_claim_day`, :func:`get_printed_name`,
    :func:`set_printed_name`, :func:`check_in`
Summary, finalization, statements
    :func:`get_claim_summary`, :func:`designated_maximum`, :func:`finalize_claim`, :func:`get_statement`,
    :func:`get_statement_file`, :func:`get_statement_file_by_id`, :func:`get_activity_statement_file`,
    :func:`render_statement`
Records
    :func:`get_statement_by_code`, :func:`normalize_code`, :func:`revoke_statement`,
    :func:`revoke_course_statements`, :func:`issue_staff_statement`, :func:`get_transcript`,
    :func:`get_transcript_pdf`, :func:`build_transcript_file`
Past meetings (no course behind them; the CE office enters sessions and issues statements)
    :func:`add_past_meeting_session`, :func:`remove_past_meeting_session`, :func:`issue_past_meeting_statement`
Credit earned elsewhere (self-reported by the learner)
    :func:`get_external_credits`, :func:`get_external_credit`, :func:`add_external_credit`,
    :func:`change_external_credit`, :func:`delete_external_credit`, :func:`get_external_certificate`,
    :func:`external_certificate_limit`
A learner across activities
    :func:`list_learner_activities`, :func:`browse_activities`, :func:`retire_user`
Course staff
    :func:`save_activity_settings`, :func:`import_badge_codes`, :func:`generate_group_codes`,
    :func:`rebind_badge_code`, :func:`get_staff_overview`, :func:`get_claim_record`,
    :func:`attendance_code_usage`, :func:`attendance_code_counts`, :func:`claims_roster`, :func:`claim_counts`,
    :func:`evaluation_results`, :func:`pars_export`, :func:`cpe_monitor_export`, :func:`start_report`,
    :func:`get_report_job`, :func:`get_report_file`, :func:`build_report_file`,
    :func:`purge_expired_reports`, :func:`report_retention_days`, :func:`get_check_in_screen`,
    :func:`list_check_in_sessions`
Statements in bulk (the CE office)
    :func:`start_statement_job`, :func:`get_statement_job`, :func:`list_statement_jobs`,
    :func:`statement_job_counts`, :func:`run_statement_job`, :func:`process_statement_job`
Keys and time zones
    :func:`parse_course_key`, :func:`parse_usage_key`, :func:`time_zone_or_none`
"""
from ce_plugin.services.activities import save_activity_settings
from ce_plugin.services.attendance import (
    attendance_code_counts,
    attendance_code_usage,
    generate_group_codes,
    import_badge_codes,
    rebind_badge_code,
)
from ce_plugin.services.catalog import (
    can_author,
    clean_session_fields,
    get_activity,
    get_activity_overview,
    get_session,
    is_ce_course,
    list_credit_types,
    list_sessions,
    register_session,
    retire_session,
    shown_evaluation,
    standard_evaluation,
    suggest_max_credits,
    sync_course_sessions,
)
from ce_plugin.services.check_ins import check_in, get_check_in_screen, list_check_in_sessions
from ce_plugin.services.claim_page import get_claim_day
from ce_plugin.services.claims import (
    acknowledge_disclosures,
    get_claim,
    get_evaluation,
    missing_step,
    record_session_claim,
    record_session_claims,
    select_statement_type,
    submit_evaluation,
    verify_attendance,
)
from ce_plugin.services.common import parse_course_key, parse_usage_key, time_zone_or_none
from ce_plugin.services.course_team import get_claim_record, get_staff_overview
from ce_plugin.services.external_credits import (
    add_external_credit,
    change_external_credit,
    delete_external_credit,
    external_certificate_limit,
    get_external_certificate,
    get_external_credit,
    get_external_credits,
)
from ce_plugin.services.issuing import (
    designated_maximum,
    finalize_claim,
    get_activity_statement_file,
    get_claim_summary,
    get_statement,
    get_statement_file,
    get_statement_file_by_id,
    render_statement,
)
from ce_plugin.services.learners import list_learner_activities, retire_user
from ce_plugin.services.library import browse_activities
from ce_plugin.services.past_meetings import (
    add_past_meeting_session,
    issue_past_meeting_statement,
    remove_past_meeting_session,
)
from ce_plugin.services.printed_names import get_printed_name, set_printed_name
from ce_plugin.services.records import (
    get_statement_by_code,
    get_transcript,
    issue_staff_statement,
    normalize_code,
    revoke_course_statements,
    revoke_statement,
)
from ce_plugin.services.report_files import (
    build_report_file,
    get_report_file,
    get_report_job,
    purge_expired_reports,
    report_retention_days,
    start_report,
)
from ce_plugin.services.reports import claim_counts, claims_roster, cpe_monitor_export, evaluation_results, pars_export
from ce_plugin.services.statement_jobs import (
    get_statement_job,
    list_statement_jobs,
    process_statement_job,
    run_statement_job,
    start_statement_job,
    statement_job_counts,
)
from ce_plugin.services.transcripts import build_transcript_file, get_transcript_pdf

__all__ = [
    "acknowledge_disclosures",
    "add_external_credit",
    "add_past_meeting_session",
    "attendance_code_counts",
    "attendance_code_usage",
    "browse_activities",
    "build_report_file",
    "build_transcript_file",
    "check_in",
    "can_author",
    "change_external_credit",
    "claim_counts",
    "claims_roster",
    "clean_session_fields",
    "cpe_monitor_export",
    "delete_external_credit",
    "designated_maximum",
    "evaluation_results",
    "external_certificate_limit",
    "finalize_claim",
    "generate_group_codes",
    "get_activity",
    "get_activity_overview",
    "get_activity_statement_file",
    "get_claim",
    "get_check_in_screen",
    "get_claim_day",
    "get_claim_record",
    "get_claim_summary",
    "get_evaluation",
    "get_external_certificate",
    "get_external_credit",
    "get_external_credits",
    "get_printed_name",
    "get_report_file",
    "get_report_job",
    "get_session",
    "get_staff_overview",
    "get_statement",
    "get_statement_by_code",
    "get_statement_file",
    "get_statement_file_by_id",
    "get_statement_job",
    "get_transcript",
    "get_transcript_pdf",
    "import_badge_codes",
    "is_ce_course",
    "issue_past_meeting_statement",
    "issue_staff_statement",
    "list_check_in_sessions",
    "list_credit_types",
    "list_learner_activities",
    "list_sessions",
    "list_statement_jobs",
    "missing_step",
    "normalize_code",
    "pars_export",
    "parse_course_key",
    "parse_usage_key",
    "process_statement_job",
    "purge_expired_reports",
    "rebind_badge_code",
    "remove_past_meeting_session",
    "record_session_claim",
    "record_session_claims",
    "register_session",
    "render_statement",
    "report_retention_days",
    "retire_session",
    "retire_user",
    "revoke_course_statements",
    "revoke_statement",
    "run_statement_job",
    "save_activity_settings",
    "select_statement_type",
    "set_printed_name",
    "shown_evaluation",
    "standard_evaluation",
    "start_report",
    "start_statement_job",
    "statement_job_counts",
    "submit_evaluation",
    "suggest_max_credits",
    "sync_course_sessions",
    "time_zone_or_none",
    "verify_attendance",
]
