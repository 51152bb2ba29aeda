"""Course-team pages (Studio and LMS): activity settings, attendance codes, reports and exports."""
import csv
import itertools
from zoneinfo import ZoneInfo

from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.charts import bar_chart
from ce_plugin.formatting import csv_moment
from ce_plugin.forms import ActivitySettingsForm, CodeImportForm, GroupCodesForm, RebindCodeForm, join_pages
from ce_plugin.spreadsheets import safe_row
from ce_plugin.views.access import render_page, staff_view
from ce_plugin.views.files import statement_response

MAX_IMPORT_BYTES = 20 * 1024 * 1024


PAGE_ROWS = 200  # rows a roster or code list shows at once; the CSV files hold them all


def _context(key, section, **extra):
    return {"course_key": str(key), "section": section, **extra}


def _activity_or_404(key):
    try:
        return api.get_activity(key)
    except errors.ActivityNotFound as exc:
        raise Http404(_("Set up the CE activity of this course first.")) from exc


@require_GET
@staff_view
def overview_page(request, key):
    """The course team's entry: the activity at a glance, its deadlines and a link to every tool."""
    try:
        overview = api.get_staff_overview(key)
    except errors.ActivityNotFound:
        overview = None
    try:  # the learner pages are the LMS's; Studio mounts the course-team pages only
        learner_view = reverse("ce_plugin:activity", args=[str(key)]) if overview else None
    except NoReverseMatch:
        learner_view = None
    return render_page(request, "ce_plugin/staff/overview.html", _context(
        key, "overview", overview=overview, learner_view_url=learner_view))


@require_http_methods(["GET", "POST"])
@staff_view
def settings_page(request, key):
    """The activity's settings: create it, or change it."""
    credit_types = api.list_credit_types()
    try:
        activity = api.get_activity(key)
    except errors.ActivityNotFound:
        activity = None
    problems, saved = {}, False
    if request.method == "POST":
        form = ActivitySettingsForm(request.POST, credit_types=credit_types)
        if form.is_valid():
            try:
                activity = api.save_activity_settings(request.user, key, *form.parsed())
                saved = True
            except errors.InvalidInputError as exc:
                problems = exc.field_errors()
    else:
        form = ActivitySettingsForm(initial=_initial(activity, credit_types), credit_types=credit_types)
    status = 400 if request.method == "POST" and (form.errors or problems) else 200
    return render_page(request, "ce_plugin/staff/settings.html", _context(
        key, "settings", form=form, activity=activity, problems=form.labelled(problems), saved=saved), status=status)


def _initial(activity, credit_types):
    if activity is None:
        return {"activity_type": "live_meeting", "attendance_mode": "none", "check_in_presence": "none",
                "gate_certificate": True, "time_zone": "UTC"}
    initial = {name: getattr(activity, name) for name in ActivitySettingsForm.SETTING_NAMES}
    offered = {st.credit_type.code: st.name for st in activity.statement_types}
    for ct in credit_types:
        initial[f"offer_{ct.code}"] = ct.code in offered
        initial[f"name_{ct.code}"] = offered.get(ct.code, ct.name)
        initial[f"cap_{ct.code}"] = activity.cap_for(ct.code)
    initial["disclosures"] = join_pages(activity.disclosure_pages)
    initial.update(ActivitySettingsForm.local_times(activity))
    return initial


@require_http_methods(["GET", "POST"])
@staff_view
def codes_page(request, key):
    """Attendance codes: import badge codes from CSV, generate group codes, see and export who used which."""
    _activity_or_404(key)
    report, generated, error, rebound = None, None, None, None
    import_form, group_form, rebind_form = CodeImportForm(), GroupCodesForm(), RebindCodeForm()
    if request.method == "POST" and "import" in request.POST:
        import_form = CodeImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            upload = import_form.cleaned_data["file"]
            if upload.size > MAX_IMPORT_BYTES:
                error = _("The file is larger than 20 MB.")
            else:
                try:
                    report = api.import_badge_codes(request.user, key, upload.read().decode("utf-8-sig"))
                except UnicodeDecodeError:
                    error = _("The file is not UTF-8 text.")
                except errors.InvalidInputError as exc:
                    error = "; ".join(exc.field_errors().values())
    elif request.method == "POST" and "generate" in request.POST:
        group_form = GroupCodesForm(request.POST)
        if group_form.is_valid():
            generated = api.generate_group_codes(request.user, key, group_form.cleaned_data["count"],
                                                 group_form.cleaned_data["label"])
    elif request.method == "POST" and "rebind" in request.POST:
        rebind_form = RebindCodeForm(request.POST)
        if rebind_form.is_valid():
            try:
                rebound = api.rebind_badge_code(request.user, key, **rebind_form.cleaned_data)
                rebind_form = RebindCodeForm()
            except errors.CEError as exc:
                error = "; ".join(exc.field_errors().values()) or str(exc.message)
        else:
            error = _("Give the badge code and a reason.")
    search = request.GET.get("q", "")[:100]
    return render_page(request, "ce_plugin/staff/codes.html", _context(
        key, "codes", import_form=import_form, group_form=group_form, rebind_form=rebind_form, rebound=rebound,
        report=report, generated=generated,
        error=error, codes=api.attendance_code_usage(key, search=search, limit=PAGE_ROWS), search=search,
        counts=api.attendance_code_counts(key), page_rows=PAGE_ROWS), status=400 if error else 200)


class _Line:
    """A file-like target for ``csv.writer`` that hands each written line back."""

    def write(self, line):
        return line


def _csv_response(filename, header, rows, delimiter=","):
    """
    A CSV download streamed row by row, so a list of 100,000 codes is never one string in memory.

    Every cell is made safe to open in a spreadsheet (:mod:`ce_plugin.spreadsheets`).
    """
    writer = csv.writer(_Line(), delimiter=delimiter, lineterminator="\r\n")
    response = StreamingHttpResponse(
        (writer.writerow(safe_row(row)) for row in itertools.chain([header], rows)),
        content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@staff_view
def codes_csv(request, key):
    """Who used which code, as CSV (times in ISO 8601, in the activity's zone)."""
    zone = api.time_zone_or_none(_activity_or_404(key).time_zone) or ZoneInfo("UTC")
    rows = ([row["code"], row["kind"], row["holder_name"], row["holder_email"], user["username"], user["name"],
             csv_moment(user["verified_at"], zone)]
            for row in api.attendance_code_usage(key) for user in (row["users"] or [{"username": "", "name": "",
                                                                                      "verified_at": None}]))
    return _csv_response(f"attendance-codes-{key.course}.csv",
                         ["code", "kind", "holder_name", "holder_email", "username", "name", "verified_at"], rows)


@require_GET
@staff_view
def claims_page(request, key):
    """The claims roster, and its CSV file made in the background."""
    activity = _activity_or_404(key)
    search = request.GET.get("q", "")[:100]
    return render_page(request, "ce_plugin/staff/claims.html", _context(
        key, "claims", roster=api.claims_roster(key, search=search, limit=PAGE_ROWS), search=search,
        counts=api.claim_counts(key), page_rows=PAGE_ROWS, time_zone=activity.time_zone))


@require_GET
@staff_view
def claim_page(request, key, username):
    """One learner's claim: credits per session, evaluations, statements and the claim's audit trail."""
    _activity_or_404(key)
    try:
        record = api.get_claim_record(key, username)
    except errors.CEError as exc:
        raise Http404(str(exc.message)) from exc
    return render_page(request, "ce_plugin/staff/claim.html", _context(key, "claims", record=record))


@require_GET
@staff_view
def statement_file(request, key, code):
    """A statement of this activity as issued (revoked ones too), for the course team."""
    try:
        return statement_response(request, lambda: api.get_activity_statement_file(key, code))
    except errors.CEError as exc:  # the activity itself is not set up
        raise Http404(str(exc.message)) from exc


@require_GET
@staff_view
def evaluations_page(request, key):
    """Evaluation results per session and question, with charts; free text listed."""
    activity = _activity_or_404(key)
    results = api.evaluation_results(key)
    for session in results:
        for question in session["questions"]:
            if "counts" in question:
                question["chart"] = bar_chart(question["text"], question["labels"], question["counts"])
    return render_page(request, "ce_plugin/staff/evaluations.html", _context(
        key, "evaluations", results=results, identified=activity.evaluations_identified))


@require_GET
@staff_view
def evaluations_csv(request, key):
    """Evaluation results as CSV: one row per session, question and answer option."""
    _activity_or_404(key)
    rows = []
    for session in api.evaluation_results(key):
        for question in session["questions"]:
            for label, count in zip(question.get("labels", []), question.get("counts", []), strict=True):
                rows.append([session["title"], question["text"], label, count, question.get("mean") or ""])
            for written in question["texts"] + question["comments"]:
                rows.append([session["title"], question["text"], written["text"], "", ""])
    return _csv_response(f"evaluations-{key.course}.csv", ["session", "question", "answer", "count", "mean"], rows)


@require_GET
@staff_view
def exports_page(request, key):
    """Accreditation exports: who will be reported, and who is left out for missing data."""
    activity = _activity_or_404(key)
    previews = (("pars", api.pars_export(key)), ("cpe", api.cpe_monitor_export(key)))
    exports = [(kind, preview) for kind, preview in previews if preview.offered]
    return render_page(request, "ce_plugin/staff/exports.html", _context(
        key, "exports", activity=activity, exports=exports))


@require_POST
@staff_view
def start_report(request, key, kind):
    """Queue a report file; its page shows the progress."""
    _activity_or_404(key)
    try:
        job = api.start_report(request.user, key, kind)
    except errors.InvalidInputError as exc:
        raise Http404(_("Unknown report.")) from exc
    return redirect(reverse("ce_plugin:staff-report", args=[str(key), job.id]))


@require_GET
@staff_view
def report_page(request, key, job_id):
    """A report's progress (JSON with ``Accept: application/json``) and, when done, its download."""
    try:
        job = api.get_report_job(key, job_id)
    except (errors.NotFoundError, ValueError) as exc:
        raise Http404(_("No such report.")) from exc
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"status": job.status, "status_label": job.status_label, "done": job.done,
                             "total": job.total, "percent": job.percent, "error": job.error})
    return render_page(request, "ce_plugin/staff/report.html", _context(
        key, "claims", job=job, retention_days=api.report_retention_days(),
        time_zone=_activity_or_404(key).time_zone))


@require_GET
@staff_view
def report_file(request, key, job_id):
    try:
        name, content = api.get_report_file(key, job_id)
    except (errors.NotFoundError, ValueError) as exc:
        raise Http404(_("No such report.")) from exc
    kind = "text/tab-separated-values" if name.endswith(".txt") else "text/csv"
    response = HttpResponse(content, content_type=f"{kind}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
