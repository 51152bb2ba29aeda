"""Course-team pages without dead ends: the overview, one entry link, styled refusals, claims and exports."""
import hashlib
import re
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from freezegun import freeze_time

from ce_plugin import api
from ce_plugin.evaluations import standard_questions
from ce_plugin.models import CEActivity, CreditType, Statement
from devhost_platform.models import CourseRole
from tests import factories
from tests.helpers import pdf_text
from tests.test_staff import claim_and_finalize, enrol

STAFF_PAGES = ["overview", "settings", "codes", "claims", "evaluations", "exports"]
ANSWERS = {"objectives_met": 5, "relevant": 4, "unbiased": "yes", "practice_change": "yes", "overall": 5}


def staff_url(activity, name, *args):
    return reverse(f"ce_plugin:staff-{name}", args=[str(activity.course_key), *args])


@pytest.fixture
def busy(activity, statement_type, now):
    """Two finalized claims (one evaluated), one in progress, a retired session, a boston time zone."""
    CEActivity.objects.filter(id=activity.id).update(
        time_zone="America/New_York", claim_closes_at=datetime(2026, 7, 11, 3, 59, tzinfo=timezone.utc))
    activity.refresh_from_db()
    session = factories.SessionFactory(activity=activity, title="Sepsis update", evaluation=standard_questions(),
                                       evaluation_required=False)
    factories.SessionFactory(activity=activity, title="Cancelled", retired_at=now)
    first, second = enrol(activity, "ada", first_name="Ada", last_name="Byron"), enrol(activity, "grace")
    claim_and_finalize(first, activity, statement_type, [session], now, answers=ANSWERS)
    claim_and_finalize(second, activity, statement_type, [session], now)
    pending = enrol(activity, "pending")
    with freeze_time(now):
        api.select_statement_type(pending, activity.course_key, statement_type.id)
    return {"session": session, "first": first, "second": second}


def test_overview_counts_deadlines_and_links_to_every_tool(client, activity, instructor, busy):
    client.force_login(instructor)
    response = client.get(f"/ce/staff/courses/{activity.course_key}/")  # the address the README gives
    page = response.content.decode()
    assert response.status_code == 200
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', page))
    assert counts == {"sessions": "1", "claims": "3", "statements": "2", "evaluations": "1"}
    assert "2 finalized, 1 in progress" in page and "1 removed from the course" in page
    assert "10 July 2026, 23:59 EDT" in page  # the close, in the activity's zone
    for name in STAFF_PAGES[1:]:
        assert f'href="{staff_url(activity, name)}"' in page, name
    assert "ACCME PARS:\n      the activity still needs an ACCME activity ID" in page
    assert 'data-export="cpe"' not in page  # no pharmacy credit offered
    assert f'href="{reverse("ce_plugin:activity", args=[str(activity.course_key)])}"' in page  # learner view


def test_overview_of_a_course_without_an_activity_leads_to_its_settings(client, instructor, activity):
    course = factories.CourseFactory()
    CourseRole.objects.create(user=instructor, course=course, role=CourseRole.STAFF)
    client.force_login(instructor)
    page = client.get(reverse("ce_plugin:staff-overview", args=[str(course.course_key)])).content.decode()
    assert "This course has no CE activity yet." in page
    assert f'href="{reverse("ce_plugin:staff-settings", args=[str(course.course_key)])}"' in page


def test_every_entry_link_leads_to_the_overview(client, activity, instructor):
    client.force_login(instructor)
    overview = staff_url(activity, "overview")
    preview = client.get(reverse("ce_plugin:activity", args=[str(activity.course_key)])).content.decode()
    course = client.get(reverse("devhost:course", args=[str(activity.course_key)])).content.decode()
    for page in (preview, course):
        links = re.findall(r'<a href="([^"]+)">CE administration</a>', page)
        assert links == [overview]
    for name in STAFF_PAGES:  # and back from every course-team page
        assert f'<a href="{overview}">CE administration</a>' in client.get(staff_url(activity, name)).content.decode()


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_anonymous_visitors_sign_in_and_others_get_a_styled_refusal(client, activity, enrolled, name):
    url = staff_url(activity, name)
    anonymous = client.get(url)
    target = urlsplit(anonymous.url)
    assert anonymous.status_code == 302 and target.path == "/login/" and parse_qs(target.query)["next"] == [url]
    client.force_login(enrolled)
    refused = client.get(url)
    page = refused.content.decode()
    assert refused.status_code == 403
    assert "<h1>Not available to you</h1>" in page and "Only the course team can do this." in page
    assert "ce_pages.css" in page and 'class="devhost-header"' in page  # the site's page, not a bare 403
    assert f'href="{reverse("ce_plugin:my-activities")}"' in page


def test_a_learner_not_enrolled_is_refused_with_the_way_to_enroll(client, activity, learner):
    client.force_login(learner)
    refused = client.get(reverse("ce_plugin:claim", args=[str(activity.course_key)]))
    page = refused.content.decode()
    assert refused.status_code == 403 and "<h1>Not available to you</h1>" in page
    about = reverse("devhost:about_course", kwargs={"course_key": str(activity.course_key)})
    assert f'<a href="{about}">Enroll in this course</a>' in page


def test_roster_links_each_claim_and_statement(client, activity, instructor, busy, now):
    client.force_login(instructor)
    roster = client.get(staff_url(activity, "claims")).content.decode()
    code = Statement.objects.get(user=busy["first"]).verification_code
    assert f'<a href="{staff_url(activity, "claim", "ada")}">Ada Byron</a>' in roster
    assert f'href="{staff_url(activity, "statement", code)}" download>{code}</a>' in roster
    assert f'href="{staff_url(activity, "claim", "pending")}"' in roster

    record = client.get(staff_url(activity, "claim", "ada")).content.decode()
    assert "Sepsis update" in record and 'data-total>1.00<' in record and ">Yes<" in record  # evaluated
    for action in ("Statement type selected", "Credits claimed", "Evaluation submitted", "Claim finalized",
                   "Statement issued"):
        assert f"<td>{action}</td>" in record, action
    assert f'href="{staff_url(activity, "statement", code)}" download' in record

    pdf = client.get(staff_url(activity, "statement", code))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Content-SHA256"] == hashlib.sha256(pdf.content).hexdigest() == Statement.objects.get(
        verification_code=code).pdf_sha256
    assert "Ada Byron" in pdf_text(pdf.content)
    assert client.get(staff_url(activity, "claim", "nobody")).status_code == 404


def test_a_statement_of_another_activity_is_not_served_by_this_ones_team(client, activity, instructor, busy, now):
    other = factories.ActivityFactory()
    stranger = enrol(other, "stranger")
    claim_and_finalize(stranger, other, factories.StatementTypeFactory(activity=other),
                       [factories.SessionFactory(activity=other)], now)
    code = Statement.objects.get(user=stranger).verification_code
    client.force_login(instructor)
    assert client.get(staff_url(activity, "statement", code)).status_code == 404
    assert client.get(staff_url(activity, "claim", "stranger")).status_code == 404


def test_exports_say_once_what_the_activity_lacks_and_per_learner_what_is_missing(client, activity, statement_type,
                                                                                 instructor, now):
    CreditType.objects.filter(code="ama-pra-1").update(required_profile_fields=[])
    session = factories.SessionFactory(activity=activity)
    for n in range(3):
        claim_and_finalize(enrol(activity, f"doc{n}", first_name="Doc", last_name=f"Tor{n}"), activity,
                           statement_type, [session], now,
                           {"birth_mmdd": "0731", "license_state": "MA", "license_number": f"A{n}"} if n else {})
    client.force_login(instructor)
    page = client.get(staff_url(activity, "exports")).content.decode()
    assert page.count("an ACCME activity ID (in the activity settings)") == 1
    assert "No learner can be reported until the activity has:" in page
    assert "2 learners have given what the file needs." in page and "Prepare the PARS file" not in page
    missing = re.findall(r'<li data-missing="(\w+)">.*?</a>: ([^<]+)</li>', page)
    assert missing == [("doc0", "birth month and day, licence state and number, or a board ID with consent")]
    assert 'data-export="cpe"' not in page and "CPE Monitor" not in page  # no pharmacy credit offered

    activity.accme_activity_id = "202612345"
    activity.save()
    page = client.get(staff_url(activity, "exports")).content.decode()
    assert "2 learners ready to report." in page and "Prepare the PARS file" in page
    assert "activity settings)" not in page


def test_exports_page_shows_the_pharmacy_section_only_when_acpe_is_offered(client, activity, instructor):
    client.force_login(instructor)
    assert 'data-export="cpe"' not in client.get(staff_url(activity, "exports")).content.decode()
    factories.StatementTypeFactory(activity=activity, credit_type=CreditType.objects.get(code="acpe"), name="ACPE")
    page = client.get(staff_url(activity, "exports")).content.decode()
    assert 'data-export="cpe"' in page and 'data-export="pars"' not in page
