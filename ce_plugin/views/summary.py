"""Steps e and f: the credit summary with the name to print, finalization, and the statement of credit."""
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.views.access import render_page
from ce_plugin.views.files import statement_response
from ce_plugin.views.wizard import wizard_view


def _name_errors(exc):
    return exc.field_errors() or {"printed_name": str(exc.message)}


def _posted_name(request):
    """The name and credentials the form sent, or ``(None, None)`` when it sent none."""
    if "printed_name" not in request.POST and "printed_credentials" not in request.POST:
        return None, None
    return request.POST.get("printed_name", ""), request.POST.get("printed_credentials", "")


def _save_name(request, page):
    """Save the name and credentials the form sent; ``{}``, or the errors per field."""
    name, credentials = _posted_name(request)
    try:
        api.set_printed_name(request.user, page.course_key, name or "", credentials or "")
    except errors.InvalidInputError as exc:
        return _name_errors(exc)
    except errors.CEError as exc:
        return {"printed_name": str(exc.message)}
    return {}


def _finalize(request, page):
    """Finalize with the name the form sent, in one step: ``(error, name errors)``, both empty on success."""
    if request.POST.get("confirm") != "yes" or request.POST.get("attest") != "yes":
        return _("Tick both boxes to finalize: your attestation, and that finalizing cannot be undone."), {}
    name, credentials = _posted_name(request)
    try:
        api.finalize_claim(request.user, page.course_key, printed_name=name, printed_credentials=credentials)
    except errors.InvalidInputError as exc:
        if exc.params.get("errors") and set(exc.params["errors"]) <= {"printed_name", "printed_credentials"}:
            return _("Correct the name to print first."), _name_errors(exc)
        return str(exc.message), {}
    except errors.CEError as exc:
        return str(exc.message), {}
    return None, {}


@require_http_methods(["GET", "POST"])
@wizard_view("summary")
def summary(request, page):
    """
    What the statement will show, the name it prints included; finalizing here is irreversible and says so.

    One form: "Save name" stores the name and credentials; "Finalize" finalizes with them, in one step (a
    name that cannot be printed stops it, and a refused finalization keeps nothing: the page shows the
    name as typed, to send again).
    """
    error, name_errors, status = None, {}, 200
    if request.method == "POST" and not page.finalized:
        if request.POST.get("action") == "name":
            name_errors = _save_name(request, page)
            if not name_errors:
                return redirect(page.url("summary") + "#ce-printed-name")
            error = _("Correct the name to print first.")
        else:
            error, name_errors = _finalize(request, page)
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
    return statement_response(request, lambda: api.get_statement_file(request.user, page.course_key))
