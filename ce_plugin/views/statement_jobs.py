"""Course-team pages for statements in bulk: start a job (issue, reissue, revoke) and follow its progress."""
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.views.access import render_page, staff_view


def _context(key, **extra):
    return {"course_key": str(key), "section": "statements", **extra}


@require_http_methods(["GET", "POST"])
@staff_view
def statements_page(request, key):
    """How many learners each bulk job would take, the form that starts one (with a reason), the latest jobs."""
    try:
        counts = api.statement_job_counts(key)
    except errors.ActivityNotFound as exc:
        raise Http404(_("Set up the CE activity of this course first.")) from exc
    form = {"kind": request.POST.get("kind", ""), "reason": request.POST.get("reason", "")}
    problems = {}
    if request.method == "POST":
        try:
            job = api.start_statement_job(request.user, key, form["kind"], form["reason"])
        except errors.InvalidInputError as exc:
            problems = exc.field_errors()
        else:
            return redirect(reverse("ce_plugin:staff-statement-job", args=[str(key), job.id]))
    return render_page(request, "ce_plugin/staff/statements.html", _context(
        key, counts=counts, form=form, problems=problems, jobs=api.list_statement_jobs(key)),
        status=400 if problems else 200)


@require_GET
@staff_view
def statement_job_page(request, key, job_id):
    """A job's progress (JSON with ``Accept: application/json``) and the learners it could not act on."""
    try:
        job = api.get_statement_job(key, job_id)
    except (errors.NotFoundError, errors.ActivityNotFound) as exc:
        raise Http404(_("No such job.")) from exc
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"status": job.status, "status_label": _job_status_label(job),
                             "done": job.done + job.failed, "succeeded": job.done, "failed": job.failed,
                             "total": job.total, "percent": job.percent})
    return render_page(request, "ce_plugin/staff/statement_job.html", _context(
        key, job=job, status_label=_job_status_label(job)))


def _job_status_label(job):
    return {"done": _("Done"), "running": _("Running"), "queued": _("Queued")}[job.status]
