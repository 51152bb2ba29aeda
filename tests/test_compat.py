"""ce_plugin.compat: the dev host's backend over its tables, and the openedx backend as the platform behaves."""
import contextlib
import sys
import types
from datetime import datetime, timezone
from pathlib import Path

import pytest
from opaque_keys.edx.keys import CourseKey

from ce_plugin import compat
from devhost_platform.models import CourseCertificate, CourseRole, LearnerProfile
from tests import factories

# --- the dev host's backend ------------------------------------------------------------------------


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
    assert compat.generate_course_certificate(user, course.course_key) == compat.CertificateRequest(
        queued=True, status="downloadable")
    assert compat.generate_course_certificate(user, course.course_key).queued is True
    certificate = CourseCertificate.objects.get()
    assert (certificate.user, certificate.mode, certificate.status) == (user, "verified", "downloadable")
    assert compat.generate_course_certificate(user, "course-v1:No+Such+Course") == compat.CertificateRequest(
        queued=False, refused="not eligible")


def test_backend_is_chosen_by_the_setting(settings):
    settings.CE_PLATFORM_BACKEND = "devhost_platform.backend"
    assert compat.backend().__name__ == "devhost_platform.backend"
    settings.CE_PLATFORM_BACKEND = "openedx"
    assert compat.backend().__name__ == "ce_plugin.compat.openedx"


def test_the_product_package_holds_only_the_real_platform_door():
    """The dev host's stand-in platform is not part of ``ce_plugin``: the only backend shipped is ``openedx``."""
    import ce_plugin.compat
    assert ce_plugin.compat.BACKENDS == {"openedx": "ce_plugin.compat.openedx"}
    package = Path(ce_plugin.compat.__file__).parent
    assert sorted(p.name for p in package.iterdir() if p.suffix == ".py" or p.is_dir() and p.name != "__pycache__") \
        == ["__init__.py", "openedx.py"]


# --- openedx backend: the platform's import paths, call shapes and answers ------------------------
#
# ``tests/platform/`` runs the backend inside a real openedx-platform. Here its modules are stood in
# by objects with the signatures and the behaviour of openedx-platform master and release/ulmo (see
# ce_plugin/compat/openedx.py), so every function is covered in ``make test`` too: the stand-in
# records each call, and its certificate generation answers as ``generation_handler.py`` does.


class PlatformStandIn:
    """The platform modules ``ce_plugin.compat.openedx`` imports, recording every call."""

    def __init__(self):
        self.calls = []
        self.certificates = {}  # (user id, course key) -> status, as GeneratedCertificate rows
        self.generation = "queue"  # what generate_certificate_task does next
        recorder = self

        class DoesNotExist(Exception):
            pass

        class CourseEnrollment:
            @classmethod
            def is_enrolled(cls, user, course_key):
                recorder.calls.append(("is_enrolled", user, course_key))
                return True

            @classmethod
            def enrollments_for_user(cls, user):
                recorder.calls.append(("enrollments_for_user", user))
                return [types.SimpleNamespace(course_id=CourseKey.from_string("course-v1:Org+A+Run")),
                        types.SimpleNamespace(course_id=CourseKey.from_string("course-v1:Org+B+Run"))]

        class Profiles:
            def filter(self, **kwargs):
                recorder.calls.append(("UserProfile.filter", kwargs))
                return self

            def values_list(self, *fields):
                return [(1, "Jordan Lee"), (2, "Sam Roe")]

        class UserProfile:
            objects = Profiles()

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

        class CertificateGenerationNotAllowed(Exception):
            pass

        class CertificateStatuses:
            downloadable, notpassing = "downloadable", "notpassing"
            unverified, unavailable = "unverified", "unavailable"

        class GeneratedCertificate:
            @classmethod
            def certificate_for_student(cls, user, course_key):
                status = recorder.certificates.get((user.id, course_key))
                return types.SimpleNamespace(status=status) if status else None

        def generate_certificate_task(user, course_key, generation_mode=None):
            """``generation_handler.generate_certificate_task``: the regular path's answers."""
            recorder.calls.append(("generate_certificate_task", user, course_key, generation_mode))
            if recorder.generation == "prevented":  # a CertificateCreationRequested step said no
                raise CertificateGenerationNotAllowed("held by a filter step")
            if recorder.generation in ("notpassing", "unverified"):  # a status recorded, nothing queued
                recorder.certificates[(user.id, course_key)] = recorder.generation
                return True
            if recorder.generation == "ineligible":
                return False
            return True  # queued: the record appears when the worker runs

        class Store:
            def branch_setting(self, branch, course_key):
                recorder.calls.append(("branch_setting", branch, course_key))
                return contextlib.nullcontext()

            def get_items(self, course_key, qualifiers=None):
                recorder.calls.append(("get_items", course_key, qualifiers))
                return ["block-a", "block-b"]

        def reverse(name, kwargs=None):
            recorder.calls.append(("reverse", name, kwargs))
            return "/courses/{course_id}/jump_to/{location}".format(**kwargs)

        def module(name, **attrs):
            made = types.ModuleType(name)
            made.__dict__.update(attrs)
            return made

        self.modules = {name: module(name) for name in (
            "common", "common.djangoapps", "common.djangoapps.student", "openedx", "openedx.core",
            "openedx.core.djangoapps", "openedx.core.djangoapps.content",
            "openedx.core.djangoapps.content.course_overviews", "lms", "lms.djangoapps",
            "lms.djangoapps.certificates", "xmodule")}
        self.modules.update({
            "common.djangoapps.student.models": module(
                "common.djangoapps.student.models", CourseEnrollment=CourseEnrollment, UserProfile=UserProfile),
            "common.djangoapps.student.api": module(
                "common.djangoapps.student.api",
                is_user_staff_or_instructor_in_course=is_user_staff_or_instructor_in_course),
            "openedx.core.djangoapps.content.course_overviews.models": module(
                "openedx.core.djangoapps.content.course_overviews.models", CourseOverview=CourseOverview),
            "lms.djangoapps.certificates.api": module(
                "lms.djangoapps.certificates.api", generate_certificate_task=generate_certificate_task),
            "lms.djangoapps.certificates.data": module(
                "lms.djangoapps.certificates.data", CertificateStatuses=CertificateStatuses),
            "lms.djangoapps.certificates.generation_handler": module(
                "lms.djangoapps.certificates.generation_handler",
                CertificateGenerationNotAllowed=CertificateGenerationNotAllowed),
            "lms.djangoapps.certificates.models": module(
                "lms.djangoapps.certificates.models", GeneratedCertificate=GeneratedCertificate),
            "xmodule.modulestore": module(
                "xmodule.modulestore",
                ModuleStoreEnum=types.SimpleNamespace(Branch=types.SimpleNamespace(published_only="published-only"))),
            "xmodule.modulestore.django": module("xmodule.modulestore.django", modulestore=lambda: Store()),
        })
        self.reverse = reverse


@pytest.fixture
def platform(monkeypatch, settings):
    stand_in = PlatformStandIn()
    for name, module in stand_in.modules.items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr("django.urls.reverse", stand_in.reverse)
    settings.CE_PLATFORM_BACKEND = "openedx"
    return stand_in


KEY = "course-v1:Org+Num+Run"


def platform_user(**attrs):
    values = {"id": 7, "is_authenticated": True, "get_username": lambda: "jlee", "get_full_name": lambda: ""}
    return types.SimpleNamespace(**{**values, **attrs})


def test_openedx_enrollment_staff_and_course_calls(platform):
    user = platform_user()
    parsed = CourseKey.from_string(KEY)
    assert compat.is_enrolled(user, KEY) is True
    assert compat.enrolled_course_keys(user) == [CourseKey.from_string("course-v1:Org+A+Run"),
                                                 CourseKey.from_string("course-v1:Org+B+Run")]
    assert compat.is_course_staff(user, KEY) is False
    assert compat.get_course_info(KEY) == compat.CourseInfo(KEY, "Meeting", None, None)
    assert compat.get_course_info("course-v1:Org+Num+missing") is None
    assert platform.calls == [
        ("is_enrolled", user, parsed),
        ("enrollments_for_user", user),
        ("is_user_staff_or_instructor_in_course", user, parsed),
        ("get_from_id", parsed),
        ("get_from_id", CourseKey.from_string("course-v1:Org+Num+missing")),
    ]


def test_openedx_names_come_from_the_profile(platform):
    assert compat.get_user_full_name(platform_user(profile=types.SimpleNamespace(name=" Jordan Lee "))) == "Jordan Lee"

    class NoProfile:
        id, is_authenticated = 8, True

        @property
        def profile(self):
            raise sys.modules["common.djangoapps.student.models"].UserProfile.DoesNotExist()

        def get_full_name(self):
            return "Sam Roe "

        def get_username(self):
            return "sroe"

    assert compat.get_user_full_name(NoProfile()) == "Sam Roe"
    assert compat.get_full_names([1, 2]) == {1: "Jordan Lee", 2: "Sam Roe"}
    assert ("UserProfile.filter", {"user_id__in": [1, 2]}) in platform.calls


def test_openedx_unit_url_is_the_lms_jump_to(platform):
    usage = "block-v1:Org+Num+Run+type@ce_session+block@talk"
    assert compat.unit_url(KEY, usage) == f"/courses/{KEY}/jump_to/{usage}"
    assert platform.calls == [("reverse", "jump_to", {"course_id": KEY, "location": usage})]


def test_openedx_published_blocks_read_the_published_branch(platform):
    parsed = CourseKey.from_string(KEY)
    assert compat.published_blocks(KEY, "ce_session") == ["block-a", "block-b"]
    assert platform.calls == [("branch_setting", "published-only", parsed),
                              ("get_items", parsed, {"category": "ce_session"})]


@pytest.mark.parametrize("generation, expected", [
    ("queue", compat.CertificateRequest(queued=True, status="")),
    ("prevented", compat.CertificateRequest(queued=False, status="", refused="held by a filter step")),
    ("notpassing", compat.CertificateRequest(queued=False, status="notpassing")),
    ("unverified", compat.CertificateRequest(queued=False, status="unverified")),
    ("ineligible", compat.CertificateRequest(queued=False, status="", refused="not eligible")),
])
def test_openedx_certificate_request_tells_what_the_platform_did(platform, generation, expected):
    """``True`` from the platform is not a certificate: a recorded ``notpassing``/``unverified`` means none queued."""
    platform.generation = generation
    user = platform_user()
    assert compat.generate_course_certificate(user, KEY) == expected
    assert platform.calls == [("generate_certificate_task", user, CourseKey.from_string(KEY), "self")]


def test_a_refused_certificate_is_recorded_not_raised(platform, enrolled, activity):
    """The platform raising ``CertificateGenerationNotAllowed`` after finalization is audited, never raised."""
    from ce_plugin.models import AuditEvent
    from ce_plugin.services.issuing import request_course_certificate
    platform.generation = "prevented"
    assert request_course_certificate(enrolled, activity) is False
    event = AuditEvent.objects.get(action="certificate_requested")
    assert event.details == {"requested": False, "status": "", "refused": "held by a filter step"}
    platform.generation = "notpassing"
    assert request_course_certificate(enrolled, activity) is False
    assert AuditEvent.objects.filter(action="certificate_requested", details__status="notpassing").exists()


def test_completed_units_are_the_sessions_whose_unit_the_learner_completed(course):
    from devhost_platform.models import BlockCompletion, BlockRecord, Unit
    user, other = factories.UserFactory(), factories.UserFactory()
    keys = []
    for name in ("a", "b"):
        unit = Unit.objects.create(course=course, title=name,
                                   usage_key=course.course_key.make_usage_key("vertical", name))
        keys.append(course.course_key.make_usage_key("ce_session", name))
        BlockRecord.objects.create(unit=unit, usage_key=keys[-1], block_type="ce_session")
    BlockCompletion.objects.create(usage_key=course.course_key.make_usage_key("vertical", "a"), user=user)
    BlockCompletion.objects.create(usage_key=course.course_key.make_usage_key("vertical", "b"), user=user,
                                   completion=0.5)
    assert compat.completed_units(user, course.course_key, keys) == {str(keys[0])}
    assert compat.completed_units(other, course.course_key, keys) == set()
    from django.contrib.auth.models import AnonymousUser
    assert compat.completed_units(AnonymousUser(), course.course_key, keys) == set()
