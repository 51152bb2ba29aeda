"""Learner and course-team pages: who may see them, and what they show."""
import pytest
from django.urls import reverse

from devhost_platform.models import CourseRole
from tests import factories


@pytest.fixture
def activity_url(activity):
    return reverse("ce_plugin:activity", args=[str(activity.course_key)])


def test_anonymous_users_are_sent_to_sign_in(client, activity_url):
    response = client.get(activity_url)
    assert response.status_code == 302 and response.url.startswith("/login/?next=")


def test_users_not_enrolled_are_refused(client, learner, activity_url):
    client.force_login(learner)
    response = client.get(activity_url)
    assert response.status_code == 403


def test_enrolled_learners_see_the_activity_and_its_sessions(client, enrolled, activity, statement_type,
                                                            activity_url):
    client.force_login(enrolled)
    response = client.get(activity_url)
    assert response.status_code == 200
    body = response.content.decode()
    assert activity.title in body and statement_type.name in body
    assert reverse("ce_plugin:statement", args=[str(activity.course_key)]) in body


def test_course_staff_see_the_page_without_enrollment(client, activity, activity_url):
    staff = factories.UserFactory()
    course = factories.CourseFactory._meta.model.objects.get(course_key=activity.course_key)
    CourseRole.objects.create(user=staff, course=course, role=CourseRole.STAFF)
    client.force_login(staff)
    assert client.get(activity_url).status_code == 200


def test_unknown_and_malformed_courses_are_not_found(client, learner):
    client.force_login(factories.UserFactory(is_staff=True))
    assert client.get(reverse("ce_plugin:activity", args=["course-v1:No+Such+Course"])).status_code == 404
    assert client.get("/ce/courses/not+a+key:/").status_code == 404


def test_session_list_for_course_staff_only(client, enrolled, activity):
    factories.SessionFactory(activity=activity, title="Rapid diagnostics")
    url = reverse("ce_plugin:session-list", args=[str(activity.course_key)])
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(enrolled)
    assert client.get(url).status_code == 403
    other_staff = factories.UserFactory()
    CourseRole.objects.create(user=other_staff, course=factories.CourseFactory(), role=CourseRole.STAFF)
    client.force_login(other_staff)
    assert client.get(url).status_code == 403
    client.force_login(factories.UserFactory(is_staff=True))
    data = client.get(url).json()
    assert [s["title"] for s in data["sessions"]] == ["Rapid diagnostics"]
