"""The library of CE activities at /ce/: every published activity, filtered, paged, with the way in."""
import re
from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse
from freezegun import freeze_time

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.models import CreditType
from devhost_platform.models import Course, Enrollment
from tests import factories

LIBRARY = "/ce/"


@pytest.fixture
def catalog(db):
    """Four published activities of different kinds and credit, one unpublished."""
    ama, acpe = CreditType.objects.get(code="ama-pra-1"), CreditType.objects.get(code="acpe")
    meeting = factories.ActivityFactory(title="Annual Meeting 2026", start_date=date(2026, 6, 10),
                                        end_date=date(2026, 6, 13))
    factories.StatementTypeFactory(activity=meeting, credit_type=ama)
    factories.StatementTypeFactory(activity=meeting, credit_type=acpe, name="ACPE (pharmacists)")
    webinar = factories.ActivityFactory(title="Stewardship webinar", activity_type="webinar",
                                        start_date=date(2026, 9, 2), end_date=date(2026, 9, 2))
    factories.StatementTypeFactory(activity=webinar, credit_type=ama)
    online = factories.ActivityFactory(title="Online: antimicrobial basics", activity_type="online",
                                       start_date=date(2025, 1, 1), end_date=date(2027, 12, 31))
    factories.StatementTypeFactory(activity=online, credit_type=CreditType.objects.get(code="ancc"),
                                   name="Nursing contact hours")
    old = factories.ActivityFactory(title="Annual Meeting 2024", start_date=date(2024, 6, 1),
                                    end_date=date(2024, 6, 4))
    factories.StatementTypeFactory(activity=old, credit_type=ama)
    factories.ActivityFactory(title="Draft meeting", published=False)
    return {"meeting": meeting, "webinar": webinar, "online": online, "old": old}


def titles(page):
    return re.findall(r'<tr data-course="[^"]+" data-type="[^"]+">\s*<td>(?:<a [^>]+>)?([^<]+)', page)


def test_anyone_signed_in_browses_every_published_activity_with_a_way_in(client, catalog, learner):
    enrolled_course = Course.objects.get(course_key=catalog["webinar"].course_key)
    factories.EnrollmentFactory(user=learner, course=enrolled_course)
    client.force_login(learner)
    response = client.get(LIBRARY)
    page = response.content.decode()
    assert response.status_code == 200
    assert titles(page) == ["Stewardship webinar", "Annual Meeting 2026", "Online: antimicrobial basics",
                            "Annual Meeting 2024"]  # newest first
    assert "Draft meeting" not in page
    about = reverse("devhost:about_course", kwargs={"course_key": str(catalog["meeting"].course_key)})
    assert f'href="{about}">Enroll' in page  # not enrolled: to the course's enrollment page
    claim = reverse("ce_plugin:activity", args=[str(catalog["webinar"].course_key)])
    assert f'href="{claim}">Claim credit' in page  # enrolled: to the claim
    assert "AMA PRA Category 1 Credit™<br>ACPE" in page  # what each activity offers
    # the learner's own activities and transcript stay one click away
    for name in ("my-activities", "transcript"):
        assert f'href="{reverse(f"ce_plugin:{name}")}"' in page


def test_enrolling_from_the_library_leads_to_the_claim(client, catalog, learner):
    client.force_login(learner)
    about = reverse("devhost:about_course", kwargs={"course_key": str(catalog["meeting"].course_key)})
    assert client.post(about).status_code == 302
    assert Enrollment.objects.filter(user=learner, course__course_key=catalog["meeting"].course_key).exists()
    page = client.get(LIBRARY).content.decode()
    assert f'href="{reverse("ce_plugin:activity", args=[str(catalog["meeting"].course_key)])}">Claim credit' in page


@pytest.mark.parametrize("query, expected", [
    ("type=webinar", ["Stewardship webinar"]),
    ("credit=acpe", ["Annual Meeting 2026"]),
    ("credit=ancc", ["Online: antimicrobial basics"]),
    ("from=2026-01-01", ["Stewardship webinar", "Annual Meeting 2026", "Online: antimicrobial basics"]),
    ("from=2026-06-12&to=2026-06-12", ["Annual Meeting 2026", "Online: antimicrobial basics"]),
    ("to=2024-12-31", ["Annual Meeting 2024"]),
    ("type=live_meeting&credit=ama-pra-1&from=2026-01-01", ["Annual Meeting 2026"]),
])
def test_filters_by_event_type_credit_type_and_date(client, catalog, learner, query, expected):
    client.force_login(learner)
    assert titles(client.get(f"{LIBRARY}?{query}").content.decode()) == expected


@pytest.mark.parametrize("query, field, message", [
    ("type=gala", "type", "Choose one of the listed event types."),
    ("credit=cme-points", "credit", "Choose one of the listed credit types."),
    ("from=12/06/2026", "from", "Enter a date as YYYY-MM-DD."),
    ("from=2026-06-12&to=2026-06-01", "to", "The end date is before the start date."),
    ("page=last", "page", None),
])
def test_a_filter_that_is_not_valid_is_named_and_nothing_fails(client, catalog, learner, query, field, message):
    client.force_login(learner)
    response = client.get(f"{LIBRARY}?{query}")
    page = response.content.decode()
    assert response.status_code == 400 and "A filter is not valid; all activities are shown." in page
    if message:
        assert f'id="ce-filter-{field}-error">{message}</p>' in page
    assert len(titles(page)) == 4


def test_pages_of_25_in_a_fixed_number_of_queries(client, learner, django_assert_max_num_queries):
    ama = CreditType.objects.get(code="ama-pra-1")
    for n in range(60):
        activity = factories.ActivityFactory(title=f"Webinar {n:02d}", activity_type="webinar",
                                             start_date=date(2026, 1, 1 + n % 28))
        factories.StatementTypeFactory(activity=activity, credit_type=ama)
        if n % 3 == 0:
            factories.EnrollmentFactory(user=learner, course=Course.objects.get(course_key=activity.course_key))
    client.force_login(learner)
    with django_assert_max_num_queries(12):
        first = client.get(LIBRARY).content.decode()
    with django_assert_max_num_queries(12):
        third = client.get(LIBRARY + "?page=3").content.decode()
    assert len(titles(first)) == 25 and len(titles(third)) == 10
    assert "Page 1 of 3" in first and 'rel="next"' in first and 'rel="prev"' not in first
    assert "Page 3 of 3" in third and 'rel="next"' not in third
    beyond = client.get(LIBRARY + "?page=99").content.decode()
    assert "Page 3 of 3" in beyond  # past the end: the last page


def test_signed_out_visitors_sign_in_unless_the_site_makes_the_library_public(client, catalog):
    response = client.get(LIBRARY + "?type=webinar")
    assert response.status_code == 302 and response.url.startswith("/login/?next=")
    with override_settings(CE_LIBRARY_PUBLIC=True):
        public = client.get(LIBRARY)
    page = public.content.decode()
    assert public.status_code == 200 and len(titles(page)) == 4
    assert "My CE activities" not in page  # nothing of a learner's own for a visitor


def test_browse_activities_api_refuses_what_it_cannot_read(catalog):
    with pytest.raises(errors.InvalidInputError):
        api.browse_activities(None, activity_type=["webinar"])
    with pytest.raises(errors.InvalidInputError):
        api.browse_activities(None, page=0)
    with freeze_time("2026-06-11"):
        result = api.browse_activities(None, credit_type="ama-pra-1")
    assert result.total == 3 and all(not item.enrolled and item.status == "" for item in result.items)
