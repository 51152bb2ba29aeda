"""
The ``openedx`` backend of :mod:`ce_plugin.compat`: lazy imports of edx-platform APIs.

Targets openedx-platform ``master`` (Verawood) and ``release/ulmo``; both lines have the
same paths and signatures for everything used here:

* ``common/djangoapps/student/models/course_enrollment.py`` -
  ``CourseEnrollment.is_enrolled(user, course_key)`` (classmethod);
* ``CourseEnrollment.enrollments_for_user(user)`` (classmethod): the user's active enrollments;
* ``lms/urls.py`` - the ``jump_to`` URL (``courses/<course_id>/jump_to/<location>``), which the
  Learning MFE also honours;
* ``common/djangoapps/student/models/user.py`` - ``UserProfile`` (``user.profile.name``);
* ``common/djangoapps/student/api.py`` - ``is_user_staff_or_instructor_in_course(user, course_key)``:
  global staff, course staff or course instructor, in LMS and Studio alike. On master the
  ``CourseStaffRole``/``CourseInstructorRole`` checks behind it go through ``student/roles.py``
  ``RoleCache``, which also holds the course roles assigned in openedx-authz (the
  ``authz.enable_course_authoring`` flag), so authors given a role there are recognised too;
* ``openedx/core/djangoapps/content/course_overviews/models.py`` -
  ``CourseOverview.get_from_id(course_key)`` (``display_name``, ``start``, ``end``;
  raises ``CourseOverview.DoesNotExist``);
* ``lms/djangoapps/certificates/api.py`` -
  ``generate_certificate_task(user, course_key, generation_mode=None)`` (``"self"`` when the
  learner asked, ``"batch"`` otherwise), which runs the ``CertificateCreationRequested``
  filter and queues generation; returns True when queued.

* ``xmodule/modulestore/django.py`` - ``modulestore()``, with
  ``branch_setting(ModuleStoreEnum.Branch.published_only, course_key)`` and
  ``get_items(course_key, qualifiers={"category": block_type})`` (``ModuleStoreEnum`` from
  ``xmodule.modulestore``), in Studio.

Nothing here is imported at module level: the plugin must import without the platform.
"""
from __future__ import annotations

import logging

from opaque_keys.edx.keys import CourseKey

log = logging.getLogger(__name__)


def _course_key(course_key):
    return course_key if isinstance(course_key, CourseKey) else CourseKey.from_string(str(course_key))


def is_enrolled(user, course_key) -> bool:
    from common.djangoapps.student.models import CourseEnrollment  # pylint: disable=import-outside-toplevel
    return CourseEnrollment.is_enrolled(user, _course_key(course_key))


def enrolled_course_keys(user):
    from common.djangoapps.student.models import CourseEnrollment  # pylint: disable=import-outside-toplevel
    return [enrollment.course_id for enrollment in CourseEnrollment.enrollments_for_user(user)]


def unit_url(course_key, usage_key) -> str:
    from django.urls import reverse  # pylint: disable=import-outside-toplevel
    return reverse("jump_to", kwargs={"course_id": str(course_key), "location": str(usage_key)})


def is_course_staff(user, course_key) -> bool:
    from common.djangoapps.student.api import (  # pylint: disable=import-outside-toplevel
        is_user_staff_or_instructor_in_course,
    )
    return is_user_staff_or_instructor_in_course(user, _course_key(course_key))


def get_user_full_name(user) -> str:
    from common.djangoapps.student.models import UserProfile  # pylint: disable=import-outside-toplevel
    try:
        return (user.profile.name or "").strip()
    except UserProfile.DoesNotExist:
        return (user.get_full_name() or "").strip()


def get_full_names(user_ids):
    from common.djangoapps.student.models import UserProfile  # pylint: disable=import-outside-toplevel
    return dict(UserProfile.objects.filter(user_id__in=user_ids).values_list("user_id", "name"))


def get_course_info(course_key):
    from openedx.core.djangoapps.content.course_overviews.models import (  # pylint: disable=import-outside-toplevel
        CourseOverview,
    )

    from ce_plugin.compat import CourseInfo  # pylint: disable=import-outside-toplevel
    try:
        overview = CourseOverview.get_from_id(_course_key(course_key))
    except CourseOverview.DoesNotExist:
        return None
    return CourseInfo(str(overview.id), overview.display_name_with_default, overview.start, overview.end)


def published_blocks(course_key, block_type):
    from xmodule.modulestore import ModuleStoreEnum  # pylint: disable=import-outside-toplevel
    from xmodule.modulestore.django import modulestore  # pylint: disable=import-outside-toplevel
    store = modulestore()
    key = _course_key(course_key)
    with store.branch_setting(ModuleStoreEnum.Branch.published_only, key):
        return list(store.get_items(key, qualifiers={"category": block_type}))


def generate_course_certificate(user, course_key) -> bool:
    from lms.djangoapps.certificates.api import generate_certificate_task  # pylint: disable=import-outside-toplevel
    return bool(generate_certificate_task(user, _course_key(course_key), generation_mode="self"))
