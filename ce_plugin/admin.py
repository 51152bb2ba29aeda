"""Django admin for CE data, in the LMS and Studio. Issued records and the audit trail are read-only."""
from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import DecimalField
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ce_plugin import api, compat, models
from ce_plugin import exceptions as errors
from ce_plugin.forms import CreditAmountField
from ce_plugin.statuses import ClaimStatus
from ce_plugin.views.files import statement_response

# Credits, increments and caps: shown in the reader's notation, typed with a decimal point or comma.
CREDIT_AMOUNTS = {DecimalField: {"form_class": CreditAmountField}}


@admin.register(models.CreditType)
class CreditTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "minutes_per_credit", "increment", "daily_cap")
    formfield_overrides = CREDIT_AMOUNTS
    search_fields = ("name", "code")


class DisclosurePageInline(admin.StackedInline):
    model = models.DisclosurePage
    extra = 0


class StatementTypeInline(admin.TabularInline):
    model = models.StatementType
    extra = 0


class CEActivityForm(forms.ModelForm):
    """The activity; a past meeting's key must name no course (ADR 0020)."""

    class Meta:
        model = models.CEActivity
        fields = "__all__"  # noqa: DJ007 - every field of the activity is the admin's to set

    def clean(self):
        data = super().clean()
        key = data.get("course_key")
        if data.get("past_meeting") and key and compat.get_course_info(key) is not None:
            self.add_error("course_key", _("A course has this key. A past meeting has no course: give it a key of its "
                                           "own, such as course-v1:ORG+AM2009+past."))
        return data


@admin.register(models.CEActivity)
class CEActivityAdmin(admin.ModelAdmin):
    """Activities. A past meeting (no course) gets its sessions and statements on the CE office's page, linked here."""

    form = CEActivityForm
    list_display = ("title", "course_key", "activity_type", "start_date", "claim_closes_at", "published",
                    "past_meeting")
    list_filter = ("activity_type", "published", "past_meeting", "attendance_mode")
    search_fields = ("title", "course_key")
    inlines = [StatementTypeInline, DisclosurePageInline]
    readonly_fields = ("past_meeting_page",)

    @admin.display(description=_("Sessions and statements of the past meeting"))
    def past_meeting_page(self, obj):
        if obj is None or obj.pk is None or not obj.past_meeting:
            return _("For a past meeting, once saved.")
        url = reverse("ce_plugin:staff-past-meeting", args=[str(obj.course_key)])
        return format_html('<a href="{}">{}</a>', url, _("Enter its sessions and issue its attendees' statements"))


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that are never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.CESession)
class CESessionAdmin(ReadOnlyAdmin):
    """Sessions are read-only here: they come from the course's CE Session blocks when Studio publishes."""

    list_display = ("title", "activity", "track", "starts_at", "ends_at", "retired_at")
    list_filter = ("activity", "track")
    search_fields = ("title", "usage_key")


@admin.register(models.AttendanceCode)
class AttendanceCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "activity", "holder_name", "bound_user", "bound_at")
    list_filter = ("kind", "activity")
    search_fields = ("code", "holder_email", "holder_name")
    raw_id_fields = ("bound_user",)


class SessionClaimInline(admin.TabularInline):
    """A claim's credit lines: editable by hand only while the claim is in progress."""

    model = models.SessionClaim
    extra = 0
    raw_id_fields = ("session",)
    formfield_overrides = CREDIT_AMOUNTS

    def _open(self, obj):
        return obj is None or obj.status != ClaimStatus.FINALIZED

    def has_add_permission(self, request, obj=None):
        return self._open(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._open(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._open(obj) and super().has_delete_permission(request, obj)


def ask_reason(request, modeladmin, queryset, action, title, explanation, submit_label):
    """The intermediate page of an action that needs a reason: ``(reason, None)`` or ``(None, response)``."""
    reason = (request.POST.get("reason") or "").strip()
    if "apply" in request.POST and reason:
        return reason, None
    return None, TemplateResponse(request, "ce_plugin/admin/reason.html", {
        **modeladmin.admin_site.each_context(request), "items": queryset, "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME, "missing_reason": "apply" in request.POST,
        "action": action, "title": title, "explanation": explanation, "submit_label": submit_label})


def start_jobs(modeladmin, request, kind, reason, selection):
    """
    Start one background statement job per activity for the selected learners, and link to their progress.

    ``selection`` holds ``(course key, username)`` pairs. Statements are issued, reissued or revoked by
    Celery workers (:mod:`ce_plugin.services.statement_jobs`), never in the admin's request.
    """
    by_course = defaultdict(list)
    for course_key, username in selection:
        by_course[course_key].append(username)
    for course_key, usernames in by_course.items():
        try:
            job = api.start_statement_job(request.user, course_key, kind, reason, usernames=usernames)
        except errors.CEError as exc:
            modeladmin.message_user(request, f"{course_key}: {exc.message}", level=messages.ERROR)
            continue
        url = reverse("ce_plugin:staff-statement-job", args=[str(course_key), job.id])
        modeladmin.message_user(request, format_html(
            _("{course}: {count} learners queued. <a href=\"{url}\">Follow the progress</a>."),
            course=course_key, count=job.total, url=url))
    if not by_course:
        modeladmin.message_user(request, _("Nothing to do for the selection."), level=messages.WARNING)
    return None


@admin.register(models.LearnerClaim)
class LearnerClaimAdmin(admin.ModelAdmin):
    """Claims. Staff may extend one learner's window (``window_closes_at``) and issue or reissue statements."""

    list_display = ("user", "activity", "statement_type", "status", "finalized_at", "window_closes_at")
    list_filter = ("status", "activity")
    search_fields = ("user__username", "user__email")
    raw_id_fields = ("user", "attendance_code")
    inlines = [SessionClaimInline]
    actions = ["issue_statement"]
    # The status changes only through the api (finalizing, a staff reissue); a finalized claim is frozen whole.
    readonly_fields = ("status", "finalized_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == ClaimStatus.FINALIZED:
            return [field.name for field in obj._meta.concrete_fields if field.editable]
        return self.readonly_fields

    @admin.action(description=_("Issue or reissue the statement from the claim's lines (a reason is required)"))
    def issue_statement(self, request, queryset):
        """Through ``api.issue_staff_statement``: a statement already issued is revoked and replaced, both kept."""
        reason, response = ask_reason(
            request, self, queryset, "issue_statement", _("Issue statements of credit"),
            _("Each learner gets a statement from the credit lines shown on their claim; a statement they already "
              "have is revoked with this reason and kept on record."), _("Issue"))
        if response:
            return response
        return start_jobs(self, request, models.StatementJob.ISSUE, reason, queryset.values_list(
            "activity__course_key", "user__username"))
        return None


@admin.register(models.EvaluationResponse)
class EvaluationResponseAdmin(admin.ModelAdmin):
    list_display = ("session", "user", "submitted_at")
    raw_id_fields = ("session", "user")


@admin.register(models.Statement)
class StatementAdmin(ReadOnlyAdmin):
    """Statements are read-only; the PDF is downloaded through an admin view that checks the viewer's permission."""

    list_display = ("verification_code", "user", "activity", "issued_at", "issued_by", "revoked_at")
    list_filter = ("activity",)
    search_fields = ("verification_code", "user__username")
    actions = ["revoke_with_reason"]
    exclude = ("pdf",)
    readonly_fields = ("pdf_download",)

    @admin.display(description=_("PDF"))
    def pdf_download(self, obj):
        if not obj.pdf:
            return _("Not rendered yet: it is rendered on the first download.")
        url = reverse("admin:ce_plugin_statement_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def get_urls(self):
        return [path("<int:statement_id>/pdf/", self.admin_site.admin_view(self.pdf_view),
                     name="ce_plugin_statement_pdf"), *super().get_urls()]

    def pdf_view(self, request, statement_id):
        """The stored PDF, for staff who may view statements in the admin."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return statement_response(request, lambda: api.get_statement_file_by_id(statement_id))

    @admin.action(description=_("Revoke the selected statements (a reason is required)"))
    def revoke_with_reason(self, request, queryset):
        """Revoke through ``api.revoke_statement``: the rows stay, with the date, the reason and an audit event."""
        reason, response = ask_reason(
            request, self, queryset, "revoke_with_reason", _("Revoke statements of credit"),
            _("Revoked statements stay on record with the date and this reason; their verification page will say "
              "they are revoked."), _("Revoke"))
        if response:
            return response
        return start_jobs(self, request, models.StatementJob.REVOKE, reason, queryset.filter(
            revoked_at__isnull=True).values_list("activity__course_key", "user__username"))
