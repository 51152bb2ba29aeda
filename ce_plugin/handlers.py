"""
Receivers of platform signals, connected by the plugin loader (``signals_config`` in ``apps.py``).

``USER_RETIRE_LMS_MISC`` is a plain Django signal of openedx-platform
(``openedx/core/djangoapps/user_api/accounts/signals.py``, master and release/ulmo), sent by the
LMS retirement pipeline's ``retire_misc`` step as ``send(sender=<view class>, user=<User>)``.
"""
import logging

from ce_plugin import api

log = logging.getLogger(__name__)


def retire_user_data(sender, user, **kwargs):  # pylint: disable=unused-argument
    """Remove the retiring learner's CE personal data that accreditation does not require."""
    api.retire_user(user)
    log.info("CE data retired for user %s", user.id)


def certificate_revoked(sender, certificate, **kwargs):  # pylint: disable=unused-argument
    """
    ``CERTIFICATE_REVOKED`` (openedx-events 10.5 and 11, ``openedx_events.learning.signals``): revoke the statement too.

    ``certificate`` is a ``CertificateData``: ``user.id``, ``course.course_key``, ``current_status``.
    """
    from django.contrib.auth import get_user_model  # pylint: disable=import-outside-toplevel

    from ce_plugin import exceptions as errors  # pylint: disable=import-outside-toplevel
    user = get_user_model().objects.filter(id=certificate.user.id).first()
    if user is None:
        return
    reason = f"Course certificate revoked in the LMS (status: {certificate.current_status or 'unknown'})."
    try:
        count = api.revoke_course_statements(user, certificate.course.course_key, reason)
    except errors.NotFoundError:
        return
    if count:
        log.info("Revoked %d CE statement(s) of user %s after CERTIFICATE_REVOKED", count, user.id)


def course_published(sender, course_key, **kwargs):  # pylint: disable=unused-argument
    """
    Studio published something in a course: after commit, re-list its CE Session blocks in a task.

    Connected in Studio by the plugin loader to ``xmodule.modulestore.django.COURSE_PUBLISHED`` (that module
    exports each ``SignalHandler`` signal under its upper-case name; this one is the
    ``SignalHandler.course_published`` signal, sent with ``course_key`` on every publish, master and
    release/ulmo), and to the dev host's stand-in signal (``demo/devhost_platform``). Courses without
    a CE activity are left alone, and so is a past meeting (its sessions are the CE office's, ADR 0020).
    """
    from django.db import transaction  # pylint: disable=import-outside-toplevel

    from ce_plugin import tasks  # pylint: disable=import-outside-toplevel
    if not _has_activity(course_key):
        return False
    transaction.on_commit(lambda: tasks.sync_course_sessions.delay(str(course_key)))
    return True


def _has_activity(course_key):
    """True when the course has a CE activity whose sessions come from its blocks (not a past meeting)."""
    from ce_plugin import exceptions as errors  # pylint: disable=import-outside-toplevel
    try:
        return not api.get_activity(course_key).past_meeting
    except errors.NotFoundError:
        return False
