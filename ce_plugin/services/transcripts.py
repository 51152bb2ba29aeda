"""
The transcript PDF: built by a worker from the learner's statements and self-reported credit, and kept until
one of them changes.

A learner with hundreds of statements must never wait for WeasyPrint in a request. The PDF is stored
with a fingerprint of what it shows (every statement with its revocation, every entry of credit the
learner earned elsewhere as last changed, the learner's name, the language); a download serves it when
the fingerprint still matches, else queues a rebuild and says so (``TranscriptNotReady``). Issuing or
revoking a statement, and adding, changing or deleting an entry of external credit, queue the rebuild
at once, so the file is usually ready before it is asked for. Where tasks run eagerly (the dev host,
tests) the rebuild happens in place.
"""
from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ce_plugin import compat
from ce_plugin import exceptions as errors
from ce_plugin.models import ExternalCredit, Statement, TranscriptFile
from ce_plugin.pdf import html_to_pdf
from ce_plugin.statements import STYLESHEETS

from .common import int_or_none, signed_in
from .external_credits import get_external_credits
from .issuing import tasks_run_eagerly
from .records import get_transcript

log = logging.getLogger(__name__)

QUEUED_FOR = 300  # seconds a queued build stands for the ones asked after it, until it starts
LAYOUT_VERSION = "2"  # bump when the transcript template changes what it prints


def _fingerprint(user) -> str:
    """
    What the transcript shows, digested: one query over the learner's statements and one over their external
    credit, however many. An entry counts as it was last changed, with the name of its site credit type.
    """
    digest = hashlib.sha256(f"{LAYOUT_VERSION}|{translation.get_language()}|{compat.get_user_full_name(user)}"
                            .encode())
    for statement_id, revoked_at in Statement.objects.filter(user=user).order_by("id").values_list(
            "id", "revoked_at"):
        digest.update(f"|{statement_id}:{revoked_at.isoformat() if revoked_at else ''}".encode())
    for entry_id, modified, type_name, unit_label in ExternalCredit.objects.filter(user=user).order_by(
            "id").values_list("id", "modified", "credit_type__name", "credit_type__unit_label"):
        digest.update(f"|x{entry_id}:{modified.isoformat()}:{type_name or ''}:{unit_label or ''}".encode())
    return digest.hexdigest()


def get_transcript_pdf(user) -> bytes:
    """
    The learner's transcript PDF, as last built if nothing it shows has changed since.

    Raises ``TranscriptNotReady`` (after queuing the build) while a worker builds it.
    """
    user = signed_in(user)
    stored, fingerprint = TranscriptFile.objects.filter(user=user).first(), _fingerprint(user)
    if stored is not None and stored.fingerprint == fingerprint:
        with stored.pdf.open("rb") as handle:
            return handle.read()
    if not tasks_run_eagerly():
        queue_transcript(user.id)
        raise errors.TranscriptNotReady()
    return _build(user, fingerprint)


def build_transcript_file(user_id) -> str:
    """Build and store a learner's transcript unless the stored one is current (run by a worker); its fingerprint."""
    from django.contrib.auth import get_user_model  # pylint: disable=import-outside-toplevel
    user = get_user_model().objects.filter(id=int_or_none(user_id)).first()
    if user is None:
        raise errors.NotFoundError()
    cache.delete(_queued_key(user.id))  # started: a change from now on queues another build
    stored = TranscriptFile.objects.filter(user=user).first()
    fingerprint = _fingerprint(user)
    if stored is None or stored.fingerprint != fingerprint:
        _build(user, fingerprint)
    return fingerprint


def _build(user, fingerprint) -> bytes:
    """Render the transcript, store it under ``fingerprint`` (the old file deleted after commit); its bytes."""
    html = render_to_string("ce_plugin/statements/transcript.html", {
        "transcript": get_transcript(user), "external": get_external_credits(user),
        "name": compat.get_user_full_name(user), "today": timezone.now()})
    content = html_to_pdf(html, stylesheets=STYLESHEETS)
    with transaction.atomic():
        row = TranscriptFile.objects.select_for_update().filter(user=user).first()
        old = row.pdf.name if row is not None and row.pdf else None
        row = row or TranscriptFile(user=user)
        row.pdf.save("transcript.pdf", ContentFile(content), save=False)
        row.fingerprint, row.built_at = fingerprint, timezone.now()
        row.save()
        if old:
            storage = row.pdf.storage
            transaction.on_commit(lambda: storage.delete(old))
    log.info("Built the transcript of learner %s (%d bytes)", user.id, len(content))
    return content


def _queued_key(user_id) -> str:
    return f"ce_plugin:transcript-queued:{user_id}"


def queue_transcript(user_id) -> None:
    """
    Queue a rebuild of the learner's transcript, unless one is queued and not yet started (a reissue revokes
    and issues in one commit: one build is enough). A broker outage only delays it to the next download.
    """
    from ce_plugin import tasks  # pylint: disable=import-outside-toplevel
    if not cache.add(_queued_key(user_id), True, timeout=QUEUED_FOR):
        return
    try:
        tasks.build_transcript.delay(user_id)
    except Exception:  # pylint: disable=broad-except
        cache.delete(_queued_key(user_id))
        log.exception("Could not queue the transcript of learner %s", user_id)


def statements_changed(user_id) -> None:
    """
    After a statement of the learner is issued or revoked, or an entry of their external credit changed: rebuild
    their transcript in the background.
    """
    if not tasks_run_eagerly():  # eagerly, the next download builds it; a request should not pay for it
        transaction.on_commit(lambda: queue_transcript(user_id))


def delete_transcript(user) -> None:
    """Remove the learner's transcript file (retirement)."""
    for row in TranscriptFile.objects.filter(user=user):
        name, storage = row.pdf.name, row.pdf.storage
        row.delete()
        if name:
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
