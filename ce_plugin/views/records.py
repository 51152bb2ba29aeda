"""Public verification of a statement, and the learner's transcript."""
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from edx_django_utils.ip import get_safest_client_ip

from ce_plugin import api, counters
from ce_plugin import exceptions as errors
from ce_plugin.views.access import render_page
from ce_plugin.views.files import preparing_response


def _client_address(request):
    """
    The client's address as the platform determines it (``edx_django_utils.ip``): behind the LMS's proxies
    (``CLOSEST_CLIENT_IP_FROM_HEADERS``) each client has its own, where ``REMOTE_ADDR`` is the proxy's.
    """
    try:
        return get_safest_client_ip(request)
    except (KeyError, IndexError):  # no address at all (not a real HTTP request)
        return "unknown"


def _throttled(request) -> bool:
    """Count this look-up for the client address; True once it is over ``CE_VERIFY_RATE_LIMIT`` per window."""
    lookups = counters.count(f"ce_plugin:verify-lookups:{_client_address(request)}",
                             getattr(settings, "CE_VERIFY_RATE_WINDOW", 600))
    return lookups > getattr(settings, "CE_VERIFY_RATE_LIMIT", 30)


@require_GET
@never_cache
def verify_form(request):
    """Where a third party types the code printed on a statement."""
    code = request.GET.get("code", "").strip()
    normalized = api.normalize_code(code[:64]) if code else ""
    if normalized:
        return redirect("ce_plugin:verify", code=normalized)
    error = _("Type the verification code printed on the statement, such as K7QM-2XRD-9PWA.") if code else None
    return render_page(request, "ce_plugin/verify.html", {"form_only": True, "form_error": error},
                       status=400 if error else 200)


@require_GET
@never_cache
def verify(request, code):
    """
    The issued figures of a statement and whether it is still valid, for anyone holding its code.

    Shows the learner's name, the activity, the credits per session and in total, the issue date
    and the validity (with the revocation date); nothing else about the learner. An unknown code
    gets a plain "not found". Look-ups are limited per client address against enumeration.
    """
    context = {"code": api.normalize_code(code)}
    if _throttled(request):
        return render_page(request, "ce_plugin/verify.html", {**context, "throttled": True}, status=429)
    statement = api.get_statement_by_code(code)
    if statement is None:
        return render_page(request, "ce_plugin/verify.html", {**context, "not_found": True}, status=404)
    return render_page(request, "ce_plugin/verify.html", {**context, "statement": statement, "s": statement.snapshot})


@require_GET
def transcript(request):
    """
    Completed credits and certificates: every statement, with totals per credit type per year and overall; then
    the credit the learner earned elsewhere, self-reported, with totals of its own.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render_page(request, "ce_plugin/transcript.html", {
        "transcript": api.get_transcript(request.user), "external": api.get_external_credits(request.user)})


@require_GET
def transcript_pdf(request):
    """The transcript as a PDF, as a worker built it; while it is being built, a page that reloads itself."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        content = api.get_transcript_pdf(request.user)
    except errors.TranscriptNotReady as exc:
        return preparing_response(request, exc.message, _("Your transcript is being prepared"))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_("ce-transcript")}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
