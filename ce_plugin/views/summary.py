"""Steps e and f: the credit summary, finalization, and the statement of credit."""
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.views.access import render_page
from ce_plugin.views.wizard import wizard_view


@require_http_methods(["GET", "POST"])
@wizard_view("summary")
def summary(request, page):
    """What the statement will show; finalizing here is irreversible and says so."""
    error, status = None, 200
    if request.method == "POST":
        if request.POST.get("confirm") != "yes" or request.POST.get("attest") != "yes":
            error, status = _("Tick both boxes to finalize: your attestation, and that finalizing cannot be "
                              "undone."), 400
        else:
            try:
                api.finalize_claim(request.user, page.course_key)
                return redirect(page.url("summary"))
            except errors.CEError as exc:
                error, status = str(exc.message), 400
    statement = api.get_statement(request.user, page.course_key) if page.finalized else None
    summary_data = None
    if statement is None and page.claim and page.claim.statement_type:
        summary_data = api.get_claim_summary(request.user, page.course_key)
    return render_page(request, "ce_plugin/wizard/summary.html", page.context(
        "summary", summary=summary_data, statement=statement, issued=statement.snapshot if statement else None,
        error=error), status=status)


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


