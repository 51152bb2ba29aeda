"""
URLs mounted in both the LMS and Studio (``ce_plugin.urls`` and ``ce_plugin.urls_cms``): the course-team
pages and the JavaScript translation catalog, which the CE Session block loads in either.
"""
from django.urls import path

from ce_plugin import converters  # noqa: F401  (registers the ``ce_course`` converter)
from ce_plugin.views import check_in, past_meetings, staff, statement_jobs, studio
from ce_plugin.views.i18n import CEJavaScriptCatalog

STAFF = "staff/courses/<ce_course:course_key>/"
STAFF_URLS = [
    path(STAFF, staff.overview_page, name="staff-overview"),
    path(STAFF + "settings/", staff.settings_page, name="staff-settings"),
    path(STAFF + "codes/", staff.codes_page, name="staff-codes"),
    path(STAFF + "codes.csv", staff.codes_csv, name="staff-codes-csv"),
    path(STAFF + "claims/", staff.claims_page, name="staff-claims"),
    path(STAFF + "claims/<str:username>/", staff.claim_page, name="staff-claim"),
    path(STAFF + "statements/<str:code>.pdf", staff.statement_file, name="staff-statement"),
    path(STAFF + "evaluations/", staff.evaluations_page, name="staff-evaluations"),
    path(STAFF + "evaluations.csv", staff.evaluations_csv, name="staff-evaluations-csv"),
    path(STAFF + "exports/", staff.exports_page, name="staff-exports"),
    path(STAFF + "reports/<str:kind>/start/", staff.start_report, name="staff-start-report"),
    path(STAFF + "reports/<uuid:job_id>/", staff.report_page, name="staff-report"),
    path(STAFF + "reports/<uuid:job_id>/file/", staff.report_file, name="staff-report-file"),
    path(STAFF + "check-in/", check_in.check_in_sessions, name="staff-check-in"),
    path(STAFF + "check-in/<str:usage_key>/", check_in.check_in_screen, name="staff-check-in-screen"),
    path(STAFF + "statements/", statement_jobs.statements_page, name="staff-statements"),
    path(STAFF + "statements/jobs/<uuid:job_id>/", statement_jobs.statement_job_page, name="staff-statement-job"),
    path(STAFF + "past-meeting/", past_meetings.past_meeting_page, name="staff-past-meeting"),
]
STAFF_URLS.append(path("api/v1/courses/<ce_course:course_key>/sessions/", studio.session_list,
                       name="session-list"))
STAFF_URLS.append(path("jsi18n/", CEJavaScriptCatalog.as_view(packages=["ce_plugin"]), name="jsi18n"))
