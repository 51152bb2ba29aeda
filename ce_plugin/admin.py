"""Django admin for CE data, in the LMS and Studio. Issued records and the audit trail are read-only."""
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from ce_plugin import api, models


@admin.register(models.CreditType)
class CreditTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "minutes_per_credit", "increment", "daily_cap")
    search_fields = ("name", "code")


class DisclosurePageInline(admin.StackedInline):
    model = models.DisclosurePage
    extra = 0


class StatementTypeInline(admin.TabularInline):
    model = models.StatementType
    extra = 0


@admin.register(models.CEActivity)
class CEActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "course_key", "activity_type", "start_date", "claim_closes_at", "published")
    list_filter = ("activity_type", "published", "attendance_mode")
    search_fields = ("title", "course_key")
    inlines = [StatementTypeInline, DisclosurePageInline]


@admin.register(models.CESession)
class CESessionAdmin(admin.ModelAdmin):
    list_display = ("title", "activity", "track", "starts_at", "ends_at", "retired_at")
    list_filter = ("activity", "track")
    search_fields = ("title", "usage_key")
    readonly_fields = ("usage_key", "activity")


@admin.register(models.AttendanceCode)
class AttendanceCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "activity", "holder_name", "bound_user", "bound_at")
    list_filter = ("kind", "activity")
    search_fields = ("code", "holder_email", "holder_name")
    raw_id_fields = ("bound_user",)


class SessionClaimInline(admin.TabularInline):
    model = models.SessionClaim
    extra = 0
    raw_id_fields = ("session",)


@admin.register(models.LearnerClaim)
class LearnerClaimAdmin(admin.ModelAdmin):
    list_display = ("user", "activity", "statement_type", "status", "finalized_at")
    list_filter = ("status", "activity")
    search_fields = ("user__username", "user__email")
    raw_id_fields = ("user", "attendance_code")
    inlines = [SessionClaimInline]


@admin.register(models.EvaluationResponse)
class EvaluationResponseAdmin(admin.ModelAdmin):
    list_display = ("session", "user", "submitted_at")
    raw_id_fields = ("session", "user")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that are never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ("verification_code", "user", "activity", "issued_at", "issued_by", "revoked_at")
    list_filter = ("activity",)
    search_fields = ("verification_code", "user__username")
    actions = ["revoke_with_reason"]

    @admin.action(description=_("Revoke the selected statements (a reason is required)"))
    def revoke_with_reason(self, request, queryset):
        """Revoke through ``api.revoke_statement``: the rows stay, with the date, the reason and an audit event."""
        reason = (request.POST.get("reason") or "").strip()
        if "apply" in request.POST and reason:
            for code in queryset.values_list("verification_code", flat=True):
                api.revoke_statement(code, reason, actor=request.user)
            self.message_user(request, _("Revoked %(count)d statements.") % {"count": queryset.count()})
            return None
        return TemplateResponse(request, "ce_plugin/admin/revoke.html", {
            **self.admin_site.each_context(request), "statements": queryset, "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME, "missing_reason": "apply" in request.POST,
        })


@admin.register(models.AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created", "action", "actor", "subject", "activity")
    list_filter = ("action",)
    search_fields = ("actor__username", "subject__username")

