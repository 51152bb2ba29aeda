"""
Credit the learner earned elsewhere, on their transcript as self-reported: add, change and delete an entry, and
download its certificate. Every page is the signed-in learner's own: another learner's entry is not found (404).
"""
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.views.access import render_page

FIELDS = ("provider", "title", "completed_on", "credit_type", "other_credit_type", "amount")
OTHER = "other"


def _transcript_url():
    return reverse("ce_plugin:transcript") + "#ce-external"


def _entry_or_404(request, credit_id):
    try:
        return api.get_external_credit(request.user, credit_id)
    except errors.ExternalCreditNotFound as exc:
        raise Http404(str(exc.message)) from exc


def _posted(request) -> dict:
    return {name: request.POST.get(name, "") for name in FIELDS}


def _initial(entry) -> dict:
    return {"provider": entry.provider, "title": entry.title, "completed_on": entry.completed_on.isoformat(),
            "credit_type": entry.credit_type_code or OTHER,
            "other_credit_type": "" if entry.credit_type_code else entry.credit_type_name, "amount": str(entry.amount)}


def _form(request, entry, values, problems):
    """The entry's form (a new one without ``entry``), with the problems per field; 400 when there are any."""
    limit = api.external_certificate_limit()
    return render_page(request, "ce_plugin/external_credit_form.html", {
        "entry": entry, "values": values, "problems": problems, "general_error": problems.get("__all__"),
        "credit_types": api.list_credit_types(), "other": OTHER,
        "limit_mb": f"{limit / (1024 * 1024):.1f}".removesuffix(".0"),
    }, status=400 if problems else None)


def _problems(exc) -> dict:
    return exc.field_errors() or {"__all__": str(exc.message)}


@require_http_methods(["GET", "POST"])
def add(request):
    """Record credit earned from another provider, with its certificate file if the learner has one."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    values, problems = {}, {}
    if request.method == "POST":
        values = _posted(request)
        try:
            api.add_external_credit(request.user, certificate=request.FILES.get("certificate"), **values)
        except errors.InvalidInputError as exc:
            problems = _problems(exc)
        else:
            return redirect(_transcript_url())
    return _form(request, None, values, problems)


@require_http_methods(["GET", "POST"])
def edit(request, credit_id):
    """Change one of the learner's entries: its fields, a new certificate in place of the old, or none."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    entry = _entry_or_404(request, credit_id)
    values, problems = _initial(entry), {}
    if request.method == "POST":
        values = _posted(request)
        try:
            api.change_external_credit(request.user, credit_id, certificate=request.FILES.get("certificate"),
                                       remove_certificate=request.POST.get("remove_certificate") == "yes", **values)
        except errors.ExternalCreditNotFound as exc:  # deleted meanwhile
            raise Http404(str(exc.message)) from exc
        except errors.InvalidInputError as exc:
            problems = _problems(exc)
        else:
            return redirect(_transcript_url())
    return _form(request, entry, values, problems)


@require_http_methods(["GET", "POST"])
def delete(request, credit_id):
    """Ask, then delete one of the learner's entries with its certificate file."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    entry = _entry_or_404(request, credit_id)
    if request.method == "POST":
        try:
            api.delete_external_credit(request.user, credit_id)
        except errors.ExternalCreditNotFound as exc:
            raise Http404(str(exc.message)) from exc
        return redirect(_transcript_url())
    return render_page(request, "ce_plugin/external_credit_delete.html", {"entry": entry})


@require_GET
@never_cache
def certificate(request, credit_id):
    """The certificate file of one of the learner's entries, as a download of the type its content is."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        document = api.get_external_certificate(request.user, credit_id)
    except errors.ExternalCreditNotFound as exc:
        raise Http404(str(exc.message)) from exc
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"  # never a page of this site, whatever the file holds
    response["Cache-Control"] = "private, no-store"
    return response
