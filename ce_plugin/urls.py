"""LMS URLs of the CE plugin, mounted under ``^ce/`` in the ``ce_plugin`` namespace by the plugin loader."""
from django.urls import path

from ce_plugin import converters  # noqa: F401  (registers the ``ce_course`` converter)
from ce_plugin.urls_staff import STAFF_URLS
from ce_plugin.views import activities, check_in, claiming, external_credits, records, steps, summary

app_name = "ce_plugin"

COURSE = "courses/<ce_course:course_key>/"

urlpatterns = [
    path("", activities.library, name="activities"),
    path("mine/", activities.my_activities, name="my-activities"),
    path(COURSE, steps.home, name="activity"),
    path(COURSE + "statement/", steps.statement, name="statement"),
    path(COURSE + "attendance/", steps.attendance, name="attendance"),
    path(COURSE + "disclosures/<int:number>/", steps.disclosures, name="disclosures"),
    path(COURSE + "claim/", claiming.claim, name="claim"),
    path(COURSE + "claim/evaluate/<str:usage_key>/", claiming.evaluate, name="claim-evaluate"),
    path(COURSE + "check-in/", check_in.check_in, name="check-in"),
    path(COURSE + "summary/", summary.summary, name="summary"),
    path(COURSE + "statement.pdf", summary.statement_pdf, name="statement-pdf"),
    path("transcript/", records.transcript, name="transcript"),
    path("transcript.pdf", records.transcript_pdf, name="transcript-pdf"),
    path("transcript/external/add/", external_credits.add, name="external-credit-add"),
    path("transcript/external/<uuid:credit_id>/", external_credits.edit, name="external-credit-edit"),
    path("transcript/external/<uuid:credit_id>/delete/", external_credits.delete, name="external-credit-delete"),
    path("transcript/external/<uuid:credit_id>/certificate/", external_credits.certificate,
         name="external-credit-certificate"),
    path("verify/", records.verify_form, name="verify-form"),
    path("verify/<str:code>/", records.verify, name="verify"),
    *STAFF_URLS,
]
