"""factory_boy factories for CE and dev host records."""
from datetime import date, datetime, timedelta, timezone

import factory
from django.contrib.auth import get_user_model
from opaque_keys.edx.keys import CourseKey

from ce_plugin.models import CEActivity, CESession, CreditType, DisclosurePage, StatementType
from devhost_platform import models as platform

MEETING_START = datetime(2026, 6, 10, 12, 0, tzinfo=timezone.utc)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("pass")


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = platform.Course

    course_key = factory.Sequence(lambda n: CourseKey.from_string(f"course-v1:TestOrg+CE{n}+2026"))
    title = factory.Sequence(lambda n: f"Test meeting {n}")


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = platform.Enrollment

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)


class CreditTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"credit{n}")
    name = factory.LazyAttribute(lambda c: c.code.upper())


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CEActivity

    course_key = factory.LazyAttribute(lambda a: CourseFactory().course_key)
    title = "Annual Meeting"
    provider_name = "Test Society"
    start_date = date(2026, 6, 10)
    end_date = date(2026, 6, 13)
    claim_opens_at = MEETING_START - timedelta(days=1)
    claim_closes_at = MEETING_START + timedelta(days=30)
    published = True


class StatementTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatementType

    activity = factory.SubFactory(ActivityFactory)
    credit_type = factory.LazyFunction(lambda: CreditType.objects.get(code="ama-pra-1"))
    name = "AMA PRA Category 1 Credit™ (physicians)"


class DisclosurePageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisclosurePage

    activity = factory.SubFactory(ActivityFactory)
    title = "Faculty disclosures"
    body = "No relevant financial relationships."


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CESession

    activity = factory.SubFactory(ActivityFactory)
    usage_key = factory.LazyAttributeSequence(
        lambda s, n: s.activity.course_key.make_usage_key("ce_session", f"s{n}"))
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = MEETING_START
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(minutes=60))
    evaluation = factory.LazyFunction(list)
    evaluation_required = False
