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
    Studio published a course: register its CE Session blocks as sessions, retire the ones removed.

    Connected to ``SignalHandler.course_published`` (``xmodule/modulestore/django.py``) in Studio by
    the plugin loader, and to the dev host's stand-in signal in the standalone platform. Courses
    without a CE activity are left alone.
    """
    from ce_plugin import compat  # pylint: disable=import-outside-toplevel
    if not _has_activity(course_key):
        return None
    blocks = compat.published_blocks(course_key, "ce_session")
    result = api.sync_course_sessions(course_key, [(block.scope_ids.usage_id, block.session_payload())
                                                   for block in blocks])
    log.info("CE sessions of %s after publish: %d registered, %d retired, %d invalid", course_key,
             len(result["registered"]), len(result["retired"]), len(result["invalid"]))
    return result


def _has_activity(course_key):
    from ce_plugin import exceptions as errors  # pylint: disable=import-outside-toplevel
    try:
        api.get_activity(course_key)
    except errors.NotFoundError:
        return False
    return True
