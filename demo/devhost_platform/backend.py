"""
The dev host's backend of :mod:`ce_plugin.compat` (``CE_PLATFORM_BACKEND = "devhost_platform.backend"``),
over the ``ce_standalone`` tables.

It keeps the platform's semantics where they matter to the plugin: only active enrollments
count; Django superusers and ``is_staff`` users are global staff; the full name comes from
the profile, then the account's first/last name.
"""
from __future__ import annotations

from opaque_keys.edx.keys import CourseKey

from .tabs import CourseTab  # noqa: F401 - the stand-in for ``xmodule.tabs.CourseTab``


def _course_key(course_key):
    return course_key if isinstance(course_key, CourseKey) else CourseKey.from_string(str(course_key))


def is_enrolled(user, course_key) -> bool:
    from .models import Enrollment
    return Enrollment.objects.filter(user=user, course__course_key=_course_key(course_key), is_active=True).exists()


def enrolled_course_keys(user):
    from .models import Enrollment
    return [key for key in Enrollment.objects.filter(user=user, is_active=True)
            .values_list("course__course_key", flat=True)]


def unit_url(course_key, usage_key) -> str:
    """The dev host's ``jump_to`` (``demo/devhost``), the same shape as the LMS's."""
    from django.urls import reverse  # pylint: disable=import-outside-toplevel
    return reverse("devhost:jump_to", kwargs={"course_id": str(course_key), "location": str(usage_key)})


def course_about_urls(course_keys):
    """The dev host's about page of each course (``devhost:about_course``), where a learner enrolls."""
    from django.urls import reverse  # pylint: disable=import-outside-toplevel
    return {str(key): reverse("devhost:about_course", kwargs={"course_key": str(key)}) for key in course_keys}


def is_course_staff(user, course_key) -> bool:
    from .models import CourseRole
    if user.is_staff or user.is_superuser:
        return True
    return CourseRole.objects.filter(user=user, course__course_key=_course_key(course_key)).exists()


def get_user_full_name(user) -> str:
    from .models import LearnerProfile
    profile = LearnerProfile.objects.filter(user=user).first()
    name = profile.name.strip() if profile else ""
    return name or (user.get_full_name() or "").strip()


def get_full_names(user_ids):
    from django.contrib.auth import get_user_model

    from .models import LearnerProfile
    names = {user_id: f"{first} {last}".strip() for user_id, first, last in get_user_model().objects.filter(
        id__in=user_ids).values_list("id", "first_name", "last_name")}
    names.update({user_id: name for user_id, name in LearnerProfile.objects.filter(
        user_id__in=user_ids).exclude(name="").values_list("user_id", "name")})
    return names


def get_course_info(course_key):
    from ce_plugin.compat import CourseInfo

    from .models import Course
    course = Course.objects.filter(course_key=_course_key(course_key)).first()
    if course is None:
        return None
    return CourseInfo(str(course.course_key), course.title, course.start, course.end)


def published_blocks(course_key, block_type):
    """The dev host's blocks of that type in the course, built through its XBlock runtime."""
    from .models import BlockRecord
    from .runtime import DevRuntime
    runtime = DevRuntime(None)
    records = BlockRecord.objects.filter(unit__course__course_key=_course_key(course_key), block_type=block_type)
    return [runtime.get_block(record.usage_key) for record in records.order_by("unit__position", "position")]


def completed_units(user, course_key, usage_keys):
    """The sessions whose unit the learner has completed: the dev host's units are complete once viewed."""
    from .models import BlockCompletion, BlockRecord
    units = dict(BlockRecord.objects.filter(unit__course__course_key=_course_key(course_key),
                                            usage_key__in=list(usage_keys)).values_list("usage_key", "unit__usage_key"))
    complete = set(BlockCompletion.objects.filter(user=user, usage_key__in=list(units.values()), completion__gte=1)
                   .values_list("usage_key", flat=True))
    return {str(session) for session, unit in units.items() if unit in complete}


def generate_course_certificate(user, course_key):
    """
    Generate the course certificate as the LMS does: first the real ``CertificateCreationRequested``
    pipeline (``OPEN_EDX_FILTERS_CONFIG``), whose ``PreventCertificateCreation`` means no certificate
    (the platform's ``CertificateGenerationNotAllowed``); the dev host has no grades, so an enrolled
    learner is always eligible and the certificate is generated at once.
    """
    from openedx_filters.learning.filters import CertificateCreationRequested

    from ce_plugin.compat import CertificateRequest

    from .models import Course, CourseCertificate
    course = Course.objects.filter(course_key=_course_key(course_key)).first()
    if course is None:
        return CertificateRequest(queued=False, refused="not eligible")
    current = CourseCertificate.objects.filter(user=user, course=course).values_list("status", flat=True).first() or ""
    mode = course.enrollments.filter(user=user).values_list("mode", flat=True).first() or "audit"
    try:
        user, _key, mode, status, _grade, _generation = CertificateCreationRequested.run_filter(
            user=user, course_key=course.course_key, mode=mode, status="downloadable", grade=None,
            generation_mode="self")
    except CertificateCreationRequested.PreventCertificateCreation as exc:
        return CertificateRequest(queued=False, status=current, refused=str(exc))
    CourseCertificate.objects.update_or_create(user=user, course=course, defaults={"status": status, "mode": mode})
    return CertificateRequest(queued=True, status=status)
