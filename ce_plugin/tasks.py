"""Celery tasks of the CE plugin. Inside the LMS they run on the platform's workers."""
from celery import shared_task

from ce_plugin import statements


@shared_task(name="ce_plugin.render_statement", acks_late=True, autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5)
def render_statement(statement_id: int) -> str:
    """Render and store one statement's PDF (idempotent)."""
    return statements.ensure_pdf(statement_id).verification_code
