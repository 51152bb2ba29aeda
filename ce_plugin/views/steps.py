"""Wizard steps before claiming: statement of credit, attendance, disclosures."""
import markdown
import nh3
from django.http import Http404
from django.shortcuts import redirect
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.profile_fields import PROFILE_FIELDS
from ce_plugin.statuses import AttendanceMode
from ce_plugin.views.access import render_page
from ce_plugin.views.wizard import next_url, wizard_view


@require_http_methods(["GET"])
@wizard_view()
def home(request, page):
    """The activity overview and where the learner stands in the steps."""
    return render_page(request, "ce_plugin/wizard/home.html", page.context("home"))


def _statement_choices(page, selected_id, submitted_profile, problems):
    """Each statement offered with the profile fields it requires and those it asks for optionally."""
    choices = []
    saved = page.claim.profile if page.claim else {}
    for statement_type in page.activity.statement_types:
        credit_type = statement_type.credit_type

        def fields(codes, statement_type=statement_type):
            return [
                {"code": code, "field": PROFILE_FIELDS[code], "name": f"profile-{statement_type.id}-{code}",
                 "value": submitted_profile.get(code, saved.get(code, "")),
                 "error": problems.get(code) if statement_type.id == selected_id else None}
                for code in codes if code in PROFILE_FIELDS]
        required = credit_type.required_profile_fields
        optional = [code for code in credit_type.optional_profile_fields if code not in required]
        choices.append({"type": statement_type, "fields": fields(credit_type.required_profile_fields),
                        "optional": fields(optional), "selected": statement_type.id == selected_id})
    return choices


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_http_methods(["GET", "POST"])
@wizard_view("statement")
def statement(request, page):
    """Step a: choose the statement of credit and give the profile fields it needs."""
    selected = page.claim.statement_type.id if page.claim and page.claim.statement_type else None
    problems, profile, status = {}, {}, 200
    if request.method == "POST":
        selected = _int(request.POST.get("statement_type"))
        prefix = f"profile-{selected}-"
        profile = {key[len(prefix):]: value for key, value in request.POST.items() if key.startswith(prefix)}
        try:
            claim = api.select_statement_type(request.user, page.course_key, selected, profile)
            return redirect(next_url(page, claim))
        except errors.InvalidInputError as exc:
            problems, status = exc.field_errors(), 400
        except errors.CEError as exc:
            problems, status = {"__all__": str(exc.message)}, 400
    return render_page(request, "ce_plugin/wizard/statement.html", page.context(
        "statement", choices=_statement_choices(page, selected, profile, problems),
        general_error=problems.get("__all__")), status=status)


@require_http_methods(["GET", "POST"])
@wizard_view("attendance")
def attendance(request, page):
    """Step b: the personal badge code (live meetings) or the site's group code (teleconferences)."""
    if page.activity.attendance_mode == AttendanceMode.NONE:
        return redirect(next_url(page, page.claim))
    error, status = None, 200
    if request.method == "POST":
        try:
            claim = api.verify_attendance(request.user, page.course_key, request.POST.get("code", ""))
            return redirect(next_url(page, claim))
        except errors.CEError as exc:
            error, status = str(exc.message), (429 if isinstance(exc, errors.AttendanceThrottled) else 400)
    return render_page(request, "ce_plugin/wizard/attendance.html", page.context(
        "attendance", error=error, badge=page.activity.attendance_mode == AttendanceMode.BADGE,
        next=next_url(page, page.claim)), status=status)


def render_markdown(text: str) -> str:
    """Markdown to HTML, cleaned to a safe subset (no scripts, styles or event handlers)."""
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"])
    return mark_safe(nh3.clean(html, link_rel="noopener noreferrer nofollow"))  # noqa: S308 (cleaned by nh3)


@require_http_methods(["GET", "POST"])
@wizard_view("disclosures")
def disclosures(request, page, number):
    """Step c: each disclosure page in order; the last one records the acknowledgement."""
    pages = page.activity.disclosure_pages
    if not pages:
        return redirect(next_url(page, page.claim))
    if not 1 <= number <= len(pages):
        raise Http404(_("No such disclosure page."))
    error, status = None, 200
    if request.method == "POST":
        if number < len(pages):
            return redirect(page.url("disclosures", number + 1))
        if request.POST.get("acknowledge") != "yes":
            error, status = _("Tick the box to confirm you have read the disclosures."), 400
        else:
            try:
                claim = api.acknowledge_disclosures(request.user, page.course_key)
                return redirect(next_url(page, claim))
            except errors.CEError as exc:
                error, status = str(exc.message), 400
    current = pages[number - 1]
    return render_page(request, "ce_plugin/wizard/disclosure.html", page.context(
        "disclosures", disclosure=current, body=render_markdown(current.body), number=number, count=len(pages),
        last=number == len(pages), error=error), status=status)
