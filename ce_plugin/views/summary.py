"""Steps e and f: the credit summary with the name to print, finalization, and the statement of credit."""
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.views.access import render_page
from ce_plugin.views.wizard import wizard_view


def _save_name(request, page):
    """Save the name and credentials the form sent (when it sent them); ``{}`` or the errors per field."""
    if "printed_name" not in request.POST and "printed_credentials" not in request.POST:
        return {}
    try:
        api.set_printed_name(request.user, page.course_key, request.POST.get("printed_name", ""),
                             request.POST.get("printed_credentials", ""))
    except errors.InvalidInputError as exc:
        return {k: str(v) for k, v in (exc.params.get("errors") or {}).items()} or {"printed_name": str(exc.message)}
    except errors.CEError as exc:
        return {"printed_name": str(exc.message)}
    return {}


def _finalize(request, page):
    if request.POST.get("confirm") != "yes" or request.POST.get("attest") != "yes":
        return _("Tick both boxes to finalize: your attestation, and that finalizing cannot be undone.")
    try:
        api.finalize_claim(request.user, page.course_key)
    except errors.CEError as exc:
        return str(exc.message)
    return None


@require_http_methods(["GET", "POST"])
@wizard_view("summary")
def summary(request, page):
    """
    What the statement will show, the name it prints included; finalizing here is irreversible and says so.

    One form: "Save name" stores the name and credentials; "Finalize" stores them too, then finalizes
    (a name that cannot be printed stops it, so nothing is issued under a name the learner did not see).
    """
    error, name_errors, status = None, {}, 200
    if request.method == "POST" and not page.finalized:
        name_errors = _save_name(request, page)
        if name_errors:
            error, status = _("Correct the name to print first."), 400
        elif request.POST.get("action") == "name":
            return redirect(page.url("summary") + "#ce-printed-name")
        else:
            error = _finalize(request, page)
            if error is None:
                return redirect(page.url("summary"))
            status = 400
    statement = api.get_statement(request.user, page.course_key) if page.finalized else None
    summary_data = None
    if statement is None and page.claim and page.claim.statement_type:
        summary_data = api.get_claim_summary(request.user, page.course_key)
    return render_page(request, "ce_plugin/wizard/summary.html", page.context(
        "summary", summary=summary_data, statement=statement, issued=statement.snapshot if statement else None,
        error=error, name_errors=name_errors, posted=request.POST if status == 400 else None), status=status)


@require_GET
@wizard_view()
def statement_pdf(request, page):
    """The learner's statement of credit, as stored at issue (rendered once, then served from storage)."""
    if page.preview:
        raise Http404(_("Course staff have no statement of their own here."))
    try:
        document = api.get_statement_file(request.user, page.course_key)
    except errors.StatementNotIssued as exc:
        raise Http404(str(exc.message)) from exc
    response = HttpResponse(document.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["X-Content-SHA256"] = document.sha256
    response["Cache-Control"] = "private, no-store"
    return response
