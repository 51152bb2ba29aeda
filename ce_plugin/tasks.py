"""
Celery tasks of the CE plugin. Inside the LMS they run on the platform's workers.

Like every other caller, the tasks reach the domain only through :mod:`ce_plugin.api` (and the
platform only through :mod:`ce_plugin.compat`).
"""
import logging

from celery import shared_task

from ce_plugin import api, compat

log = logging.getLogger(__name__)


@shared_task(name="ce_plugin.render_statement", acks_late=True, autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5)
def render_statement(statement_id: int) -> str:
    """Render and store one statement's PDF (idempotent)."""
    return api.render_statement(statement_id)


@shared_task(name="ce_plugin.sync_course_sessions", acks_late=True)
def sync_course_sessions(course_key: str) -> dict:
    """Register the course's published CE Session blocks as sessions; retire the ones removed."""
    blocks = compat.published_blocks(course_key, "ce_session")
    result = api.sync_course_sessions(course_key, [(block.scope_ids.usage_id, block.session_payload())
                                                   for block in blocks])
    log.info("CE sessions of %s after publish: %d registered, %d retired, %d incomplete", course_key,
             len(result["registered"]), len(result["retired"]), len(result["invalid"]))
    return result


@shared_task(name="ce_plugin.build_report", acks_late=True)
def build_report(job_id: str) -> str:
    """Write one report file (claims roster, PARS or CPE Monitor export), with visible progress."""
    return api.build_report_file(job_id).status


@shared_task(name="ce_plugin.purge_report_files")
def purge_report_files() -> int:
    """Delete report files older than ``CE_REPORT_RETENTION_DAYS`` (for sites that sweep on a timer)."""
    return api.purge_expired_reports()


@shared_task(name="ce_plugin.run_statement_job", acks_late=True)
def run_statement_job(job_id: str) -> int:
    """Split a bulk statement job into chunk tasks, so every worker takes a share."""
    return api.run_statement_job(job_id)


@shared_task(name="ce_plugin.process_statement_job", acks_late=True, autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5)
def process_statement_job(job_id: str, item_ids: list) -> int:
    """Issue, reissue or revoke one chunk of a job's learners, rendering each statement issued."""
    return api.process_statement_job(job_id, item_ids)


@shared_task(name="ce_plugin.build_transcript", acks_late=True, autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5)
def build_transcript(user_id: int) -> str:
    """Build and store one learner's transcript PDF unless the stored one is current."""
    return api.build_transcript_file(user_id)
