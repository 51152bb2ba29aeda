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
