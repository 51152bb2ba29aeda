"""ce_plugin.compat: the standalone backend over the dev host tables, and the openedx backend's calls."""
import sys
import types
from datetime import datetime, timezone

import pytest
from opaque_keys.edx.keys import CourseKey

from ce_plugin import compat
from ce_plugin.compat.standalone.models import CourseCertificate, CourseRole, LearnerProfile
from tests import factories

# --- standalone backend ------------------------------------------------------------------------


@pytest.fixture
def course(db):
    return factories.CourseFactory(title="Annual Meeting", start=datetime(2026, 6, 10, tzinfo=timezone.utc))


def test_enrollment_counts_only_when_active(course):
    user = factories.UserFactory()
    assert not compat.is_enrolled(user, course.course_key)
    enrollment = factories.EnrollmentFactory(user=user, course=course)
    assert compat.is_enrolled(user, str(course.course_key))
    enrollment.is_active = False
    enrollment.save()
    assert not compat.is_enrolled(user, course.course_key)


def test_anonymous_users_are_never_enrolled_or_staff(course):
    from django.contrib.auth.models import AnonymousUser
    assert not compat.is_enrolled(AnonymousUser(), course.course_key)
    assert not compat.is_course_staff(AnonymousUser(), course.course_key)
    assert not compat.is_enrolled(None, course.course_key)


def test_course_staff_by_role_or_global_staff(course):
    user, other_course = factories.UserFactory(), factories.CourseFactory()
    assert not compat.is_course_staff(user, course.course_key)
    CourseRole.objects.create(user=user, course=other_course, role=CourseRole.STAFF)
    assert not compat.is_course_staff(user, course.course_key)
    CourseRole.objects.create(user=user, course=course, role=CourseRole.INSTRUCTOR)
    assert compat.is_course_staff(user, course.course_key)
    assert compat.is_course_staff(factories.UserFactory(is_staff=True), course.course_key)


def test_full_name_prefers_the_profile(course):
    user = factories.UserFactory(username="jlee", first_name="Jordan", last_name="Lee")
    assert compat.get_user_full_name(user) == "Jordan Lee"
    LearnerProfile.objects.create(user=user, name="Jordan A. Lee, MD")
    assert compat.get_user_full_name(user) == "Jordan A. Lee, MD"
    assert compat.get_user_full_name(factories.UserFactory(username="nameless")) == "nameless"


def test_course_info(course):
    info = compat.get_course_info(course.course_key)
    assert info == compat.CourseInfo(str(course.course_key), "Annual Meeting", course.start, None)
    assert compat.get_course_info("course-v1:No+Such+Course") is None


def test_generate_course_certificate_records_one_certificate(course):
    user = factories.UserFactory()
    factories.EnrollmentFactory(user=user, course=course, mode="verified")
    assert compat.generate_course_certificate(user, course.course_key) is True
    assert compat.generate_course_certificate(user, course.course_key) is True
    certificate = CourseCertificate.objects.get()
    assert (certificate.user, certificate.mode, certificate.status) == (user, "verified", "downloadable")
    assert compat.generate_course_certificate(user, "course-v1:No+Such+Course") is False


def test_backend_is_chosen_by_the_setting(settings):
    settings.CE_PLATFORM_BACKEND = "standalone"
    assert compat.backend().__name__ == "ce_plugin.compat.standalone.backend"
    settings.CE_PLATFORM_BACKEND = "openedx"
    assert compat.backend().__name__ == "ce_plugin.compat.openedx"
    settings.CE_PLATFORM_BACKEND = "ce_plugin.compat.standalone.backend"
    assert compat.backend().__name__ == "ce_plugin.compat.standalone.backend"


# --- openedx backend: the platform's import paths and call shapes --------------------------------
#
# The platform cannot be installed here, so its modules are stood in by objects with the real
# signatures of openedx-platform master and release/ulmo (see ce_plugin/compat/openedx.py). The
# test checks that compat imports exactly these paths and calls them with these arguments.


class PlatformStandIn:
    def __init__(self):
        self.calls = []
        recorder = self

        class DoesNotExist(Exception):
            pass

        class CourseEnrollment:
            @classmethod
            def is_enrolled(cls, user, course_key):
                recorder.calls.append(("is_enrolled", user, course_key))
                return True

        class UserProfile:
            pass

        UserProfile.DoesNotExist = DoesNotExist

        def is_user_staff_or_instructor_in_course(user, course_key):
            recorder.calls.append(("is_user_staff_or_instructor_in_course", user, course_key))
            return False

        class CourseOverview:
            @classmethod
            def get_from_id(cls, course_id):
                recorder.calls.append(("get_from_id", course_id))
                if course_id.run == "missing":
                    raise DoesNotExist()
                return types.SimpleNamespace(id=course_id, display_name_with_default="Meeting", start=None, end=None)

        CourseOverview.DoesNotExist = DoesNotExist

        def generate_certificate_task(user, course_key, generation_mode=None):
            recorder.calls.append(("generate_certificate_task", user, course_key, generation_mode))
            return True

        self.modules = {
            "common": types.ModuleType("common"),
            "common.djangoapps": types.ModuleType("common.djangoapps"),
            "common.djangoapps.student": types.ModuleType("common.djangoapps.student"),
            "common.djangoapps.student.models": types.SimpleNamespace(
                CourseEnrollment=CourseEnrollment, UserProfile=UserProfile),
            "common.djangoapps.student.api": types.SimpleNamespace(
                is_user_staff_or_instructor_in_course=is_user_staff_or_instructor_in_course),
            "openedx": types.ModuleType("openedx"),
            "openedx.core": types.ModuleType("openedx.core"),
            "openedx.core.djangoapps": types.ModuleType("openedx.core.djangoapps"),
            "openedx.core.djangoapps.content": types.ModuleType("openedx.core.djangoapps.content"),
            "openedx.core.djangoapps.content.course_overviews": types.ModuleType("course_overviews"),
            "openedx.core.djangoapps.content.course_overviews.models": types.SimpleNamespace(
                CourseOverview=CourseOverview),
            "lms": types.ModuleType("lms"),
            "lms.djangoapps": types.ModuleType("lms.djangoapps"),
            "lms.djangoapps.certificates": types.ModuleType("lms.djangoapps.certificates"),
            "lms.djangoapps.certificates.api": types.SimpleNamespace(
                generate_certificate_task=generate_certificate_task),
        }


@pytest.fixture
def platform(monkeypatch, settings):
    stand_in = PlatformStandIn()
    for name, module in stand_in.modules.items():
        monkeypatch.setitem(sys.modules, name, module)
    settings.CE_PLATFORM_BACKEND = "openedx"
    return stand_in


def test_openedx_backend_calls(platform):
    user = types.SimpleNamespace(is_authenticated=True, profile=types.SimpleNamespace(name=" Jordan Lee "),
                                 get_username=lambda: "jlee")
    key = "course-v1:Org+Num+Run"
    assert compat.is_enrolled(user, key) is True
    assert compat.is_course_staff(user, key) is False
    assert compat.get_user_full_name(user) == "Jordan Lee"
    assert compat.get_course_info(key) == compat.CourseInfo(key, "Meeting", None, None)
    assert compat.get_course_info("course-v1:Org+Num+missing") is None
    assert compat.generate_course_certificate(user, key) is True
    parsed = CourseKey.from_string(key)
    assert platform.calls == [
        ("is_enrolled", user, parsed),
        ("is_user_staff_or_instructor_in_course", user, parsed),
        ("get_from_id", parsed),
        ("get_from_id", CourseKey.from_string("course-v1:Org+Num+missing")),
        ("generate_certificate_task", user, parsed, "self"),
    ]
