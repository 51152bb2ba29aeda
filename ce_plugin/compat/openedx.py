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
  learner asked, ``"batch"`` otherwise), implemented in
  ``lms/djangoapps/certificates/generation_handler.py``. Its answers, all modelled by the tests:

  - it runs the ``CertificateCreationRequested`` filter; ``PreventCertificateCreation`` becomes
    ``CertificateGenerationNotAllowed`` (same module), which propagates on the regular path and
    is caught (returning False) on the allowlist path;
  - it returns True when it queued the ``generate_certificate`` task, but also when it only
    recorded why no certificate is generated: ``notpassing`` (no passing grade), ``unverified``
    (identity verification missing) or ``unavailable`` (an invalidation stands);
  - it returns False when the learner is not eligible and nothing was recorded.

  ``lms/djangoapps/certificates/models.py`` ``GeneratedCertificate.certificate_for_student(user,
  course_key)`` (the record or None) and ``lms/djangoapps/certificates/data.py``
  ``CertificateStatuses`` tell these apart. A record left ``notpassing`` by an earlier request,
  for a learner who is now eligible, reads as not queued until the worker generates the
  certificate: the answer errs towards "not queued", never towards a certificate that is not there.

* ``common/djangoapps/util/course.py`` - ``get_link_for_about_page(course)`` with a ``CourseOverview``:
  the course's about page as the platform links to it (a marketing URL or the social-sharing URL when
  the site uses them, the Catalog MFE on master when enabled, else ``<LMS>/courses/<key>/about``),
  after the ``CourseAboutPageURLRequested`` filter; the same signature on master and release/ulmo;
* ``xmodule/modulestore/django.py`` - ``modulestore()``, with
  ``branch_setting(ModuleStoreEnum.Branch.published_only, course_key)`` and
  ``get_items(course_key, qualifiers={"category": block_type})`` (``ModuleStoreEnum`` from
  ``xmodule.modulestore``), in Studio.

* ``completion/services.py`` of edx-completion (4.x, on master and release/ulmo) -
  ``CompletionService(user, context_key)``: ``completion_tracking_enabled()`` (the
  ``completion.enable_completion_tracking`` switch), ``get_completable_children(node)`` (the leaves whose
  ``XBlockCompletionMode`` is ``completable``, through aggregators; ``excluded`` blocks such as discussions
  left out) and ``get_completions(candidates)`` (``{usage key: 0.0 to 1.0}``, 0.0 where none is recorded);
  with ``modulestore().get_parent_location(usage_key)`` and ``get_item(location)`` for the unit (vertical).
  This is what the platform's ``vertical_is_complete`` checks, without the CE Session block itself.

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


def course_about_urls(course_keys):
    # pylint: disable=import-outside-toplevel
    from common.djangoapps.util.course import get_link_for_about_page
    from django.urls import reverse
    from openedx.core.djangoapps.content.course_overviews.models import CourseOverview

    keys = [_course_key(key) for key in course_keys]
    urls = {str(overview.id): get_link_for_about_page(overview)
            for overview in CourseOverview.objects.filter(id__in=keys)}
    for key in keys:  # a course without an overview yet: the LMS's own about page
        urls.setdefault(str(key), reverse("about_course", args=[str(key)]))
    return urls


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


def completed_units(user, course_key, usage_keys):
    from completion.services import CompletionService  # pylint: disable=import-outside-toplevel
    from opaque_keys.edx.keys import UsageKey  # pylint: disable=import-outside-toplevel
    from xmodule.modulestore.django import modulestore  # pylint: disable=import-outside-toplevel

    key = _course_key(course_key)
    service = CompletionService(user, key)
    if not service.completion_tracking_enabled():
        return set()
    store, done = modulestore(), set()
    with store.bulk_operations(key):
        for usage_key in usage_keys:
            location = UsageKey.from_string(str(usage_key)).map_into_course(key)
            parent = store.get_parent_location(location)
            if parent is None or parent.block_type != "vertical":
                continue
            content = [child.scope_ids.usage_id for child in service.get_completable_children(store.get_item(parent))
                       if child.scope_ids.block_type != location.block_type]
            if content and all(value >= 1.0 for value in service.get_completions(content).values()):
                done.add(str(usage_key))
    return done


def generate_course_certificate(user, course_key):
    # pylint: disable=import-outside-toplevel
    from lms.djangoapps.certificates.api import generate_certificate_task
    from lms.djangoapps.certificates.data import CertificateStatuses
    from lms.djangoapps.certificates.generation_handler import CertificateGenerationNotAllowed
    from lms.djangoapps.certificates.models import GeneratedCertificate

    from ce_plugin.compat import CertificateRequest

    key = _course_key(course_key)

    def status():
        record = GeneratedCertificate.certificate_for_student(user, key)
        return record.status if record is not None else ""

    try:
        answered = generate_certificate_task(user, key, generation_mode="self")
    except CertificateGenerationNotAllowed as exc:
        return CertificateRequest(queued=False, status=status(), refused=str(exc))
    current = status()
    instead = {CertificateStatuses.notpassing, CertificateStatuses.unverified, CertificateStatuses.unavailable}
    if not answered:
        return CertificateRequest(queued=False, status=current, refused="not eligible")
    return CertificateRequest(queued=current not in instead, status=current)
