"""
Report files for the course team, built by a Celery task with visible progress, and kept for a while.

A file lists learners' names, e-mail addresses and licence identifiers, so it is kept only for
``CE_REPORT_RETENTION_DAYS`` after it was built: then its file is deleted and the job is marked
``expired``, keeping who asked for which report and when. Expired files are swept whenever a
report is requested or opened, so nothing needs scheduling; :func:`purge_expired_reports` (the
``purge_ce_report_files`` command and the ``ce_plugin.purge_report_files`` task) sweeps every
activity at once for sites that want it on a timer.
"""
from __future__ import annotations

import csv
import io
import logging
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ce_plugin import exceptions as errors
from ce_plugin.data import ReportJobData
from ce_plugin.formatting import csv_moment
from ce_plugin.models import ReportJob
from ce_plugin.spreadsheets import safe_cell
from ce_plugin.statuses import AuditAction

from .common import activity_row, audit, time_zone_or_none
from .reports import CPE_COLUMNS, PARS_COLUMNS, ROSTER_COLUMNS, claims_roster, cpe_monitor_export, pars_export

log = logging.getLogger(__name__)

REPORTS = {
    "roster": ("csv", ROSTER_COLUMNS),
    "pars": ("txt", PARS_COLUMNS),
    "cpe": ("csv", CPE_COLUMNS),
}


def report_retention_days() -> int:
    """How many days a built report file is kept (``CE_REPORT_RETENTION_DAYS``, at least one)."""
    return max(1, int(getattr(settings, "CE_REPORT_RETENTION_DAYS", 30)))


def retention() -> timedelta:
    return timedelta(days=report_retention_days())


def _cell(value, zone):
    """A roster cell: moments in ISO 8601 with their offset in the activity's zone (one rule: ``formatting``)."""
    return safe_cell(csv_moment(value, zone) if isinstance(value, datetime) else ("" if value is None else value))


def _job_data(job) -> ReportJobData:
    expires_at = job.finished_at + retention() if job.status == ReportJob.DONE and job.finished_at else None
    return ReportJobData(id=str(job.id), kind=job.kind, status=job.status, status_label=job.get_status_display(),
                         done=job.done, total=job.total, has_file=bool(job.file), error=job.error,
                         created=job.created, finished_at=job.finished_at, expires_at=expires_at)


def purge_expired_reports(activity=None, now=None) -> int:
    """
    Delete the files of report jobs older than the retention period; return how many were expired.

    Finished jobs expire ``CE_REPORT_RETENTION_DAYS`` after they finished, and jobs that never
    finished (a lost worker) the same time after they were queued. ``activity`` limits the sweep.
    """
    cutoff = (now or timezone.now()) - retention()
    jobs = ReportJob.objects.exclude(status=ReportJob.EXPIRED).filter(
        Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created__lt=cutoff))
    if activity is not None:
        jobs = jobs.filter(activity=activity)
    expired = _expire(jobs)
    if expired:
        log.info("Expired %d CE report file(s) older than %s", expired, cutoff.isoformat())
    return expired


def expire_reports(activity_ids) -> int:
    """Delete the files of every report of these activities now, e.g. because they list a retired learner."""
    return _expire(ReportJob.objects.exclude(status=ReportJob.EXPIRED).filter(activity_id__in=list(activity_ids)))


def _expire(jobs) -> int:
    """Mark ``jobs`` expired and delete their files once that commits; the job rows stay."""
    with transaction.atomic():
        files = dict(jobs.select_for_update().values_list("id", "file"))
        if not files:
            return 0
        expired = ReportJob.objects.filter(id__in=files).update(status=ReportJob.EXPIRED, file="", done=0)
        transaction.on_commit(lambda: _delete_files([name for name in files.values() if name]))
    return expired


def _delete_files(names):
    storage = ReportJob._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


def start_report(actor, course_key, kind) -> ReportJobData:
    """Queue a report file (``roster``, ``pars`` or ``cpe``); its progress is on the job."""
    if not isinstance(kind, str) or kind not in REPORTS:
        raise errors.InvalidInputError(errors={"kind": "unknown report"})
    activity = activity_row(course_key)
    purge_expired_reports(activity)
    with transaction.atomic():
        job = ReportJob.objects.create(activity=activity, kind=kind, created_by=actor)
        audit(AuditAction.REPORT_REQUESTED, activity=activity, actor=actor, kind=kind, job=str(job.id))
        from ce_plugin import tasks  # pylint: disable=import-outside-toplevel
        transaction.on_commit(lambda: tasks.build_report.delay(str(job.id)))
    return _job_data(job)


def _job_uuid(job_id):
    """A report job's id as a UUID; ``NotFoundError`` for anything that cannot be one."""
    if isinstance(job_id, uuid.UUID):
        return job_id
    if not isinstance(job_id, str):
        raise errors.NotFoundError()
    try:
        return uuid.UUID(job_id)
    except ValueError:
        raise errors.NotFoundError() from None


def _job(course_key, job_id):
    activity = activity_row(course_key)
    purge_expired_reports(activity)
    job = ReportJob.objects.select_related("activity").filter(activity=activity, id=_job_uuid(job_id)).first()
    if job is None:
        raise errors.NotFoundError()
    return job


def get_report_job(course_key, job_id) -> ReportJobData:
    """A report job's progress; an expired job has no file any more."""
    return _job_data(_job(course_key, job_id))


def get_report_file(course_key, job_id) -> tuple[str, bytes]:
    """The file name and content of a built report; :class:`NotFoundError` before it is built or after it expired."""
    job = _job(course_key, job_id)
    if job.status != ReportJob.DONE or not job.file:
        raise errors.NotFoundError()
    with job.file.open("rb") as handle:
        return download_name(job), handle.read()


def download_name(job) -> str:
    """The name a report is downloaded under (the stored file's own name is random, ADR 0014)."""
    extension = REPORTS[job.kind][0]
    return f"{job.kind}-{job.activity.course_key.course}-{(job.finished_at or job.created):%Y%m%d}.{extension}"


def build_report_file(job_id, chunk=500) -> ReportJobData:
    """Write the report file, updating ``done``/``total`` as it goes (run by the ``build_report`` task)."""
    job = ReportJob.objects.select_related("activity").filter(id=_job_uuid(job_id)).first()
    if job is None:
        raise errors.NotFoundError()
    if job.status in (ReportJob.DONE, ReportJob.EXPIRED):
        return _job_data(job)  # a redelivered task: the file was built already
    course_key = job.activity.course_key
    ReportJob.objects.filter(id=job.id).update(status=ReportJob.RUNNING)
    try:
        extension, columns = REPORTS[job.kind]
        if job.kind == "roster":
            zone = time_zone_or_none(job.activity.time_zone) or ZoneInfo("UTC")
            rows = [[_cell(row[c], zone) for c in columns] for row in claims_roster(course_key)]
        elif job.kind == "pars":
            rows = pars_export(course_key).rows
        else:
            rows = cpe_monitor_export(course_key).rows
        ReportJob.objects.filter(id=job.id).update(total=len(rows))
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t" if extension == "txt" else ",", lineterminator="\r\n")
        writer.writerow(columns)
        for start in range(0, len(rows), chunk):
            writer.writerows(rows[start:start + chunk])
            ReportJob.objects.filter(id=job.id).update(done=min(start + chunk, len(rows)))
        job.refresh_from_db()
        job.file.save(f"report.{extension}", ContentFile(out.getvalue().encode("utf-8")), save=False)
        job.status, job.finished_at, job.done = ReportJob.DONE, timezone.now(), len(rows)
        job.save(update_fields=["file", "status", "finished_at", "done"])
    except Exception as exc:  # pylint: disable=broad-except
        ReportJob.objects.filter(id=job.id).update(status=ReportJob.FAILED, error=str(exc)[:2000],
                                                   finished_at=timezone.now())
        raise
    return _job_data(job)
