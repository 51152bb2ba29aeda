"""
After finalizing no page offers an edit and every statement link downloads it; one format for dates,
times, zones and credits on pages, PDFs and CSV files; a statement's total once; codes in one piece.
"""
import csv
import io
import re
from datetime import datetime, timedelta
from datetime import timezone as tz
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from freezegun import freeze_time

from ce_plugin import api, formatting
from ce_plugin.models import CEActivity, ReportJob, Statement
from tests import factories
from tests.helpers import pdf_text
from tests.test_block import add_block, render

START = factories.MEETING_START


def url(activity, name, *args):
    return reverse(f"ce_plugin:{name}", args=[str(activity.course_key), *args])


@pytest.fixture
def finalized(ready, activity, now):
    """Two blocks: the learner claimed 1.50 for the first, nothing for the second, and finalized."""
    first = add_block(activity, "talk1", START, evaluation=[], ends_at=(START + timedelta(minutes=90)).isoformat())
    second = add_block(activity, "talk2", START + timedelta(hours=2), evaluation=[])
    with freeze_time(now):
        api.record_session_claim(ready, first, "1.5")
        api.finalize_claim(ready, activity.course_key)
    return {"learner": ready, "claimed": first, "unclaimed": second}


def test_units_state_the_claimed_credits_neutrally_and_offer_the_statement(finalized, activity):
    pdf = url(activity, "statement-pdf")
    claimed = render(finalized["learner"], finalized["claimed"])
    assert 'class="ce-session__info"' in claimed and "ce-session__final" not in claimed
    assert "You claimed 1.50 AMA PRA Category 1 Credits™ for this session." in claimed
    assert "Your claim for this activity is final." in claimed
    assert f'<a href="{pdf}" target="_top" download>Download your statement of credit (PDF)</a>' in claimed
    assert 'name="credits"' not in claimed
    unclaimed = render(finalized["learner"], finalized["unclaimed"])
    assert "You claimed no credit for this session." in unclaimed and "0 credits" not in unclaimed


def test_after_finalizing_no_page_offers_an_edit_and_every_statement_link_downloads(client, finalized, activity):
    client.force_login(finalized["learner"])
    pdf = url(activity, "statement-pdf")
    for name in ("activity", "statement", "claim", "summary"):
        page = client.get(url(activity, name)).content.decode()
        links = re.findall(r'<a [^>]*href="([^"]+)"[^>]*>[^<]*statement of credit[^<]*</a>', page, re.I)
        assert links and set(links) == {pdf}, (name, links)
        assert not re.search(r'<input [^>]*type="(number|text)"(?![^>]*disabled)', page.replace(
            '<fieldset disabled>', '')) or name == "statement", name
        assert ">Change<" not in page and "Enter the credits" not in page, name
        assert 'name="printed_name"' not in page and "Finalize and issue" not in page, name
    statement = client.get(url(activity, "statement")).content.decode()
    assert "<fieldset disabled>" in statement and "Save and continue" not in statement
    download = client.get(pdf)
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")


def test_one_format_for_dates_times_and_credits():
    moment = datetime(2026, 12, 24, 4, 59, tzinfo=tz.utc)  # 23:59 on the 23rd in Boston
    with translation.override("en"), timezone.override("America/New_York"):
        assert formatting.format_date(moment) == "23 December 2026"
        assert formatting.format_day(moment) == "Wednesday 23 December 2026"
        assert formatting.format_datetime(moment) == "23 December 2026, 23:59 EST"
        assert formatting.format_time_range(moment, moment + timedelta(minutes=45)) == "23:59\u201300:44 EST"
        assert formatting.format_credits("24") == "24.00" and formatting.format_credits(Decimal("1.5")) == "1.50"
    with translation.override("fr"):
        assert formatting.format_credits("1.5") == "1,50"  # the reader's decimal separator
    assert formatting.csv_credits("1.5") == "1.50"
    assert formatting.csv_moment(moment, timezone.get_fixed_timezone(-300)) == "2026-12-23T23:59-05:00"


def test_pdf_total_once_after_the_last_session_with_times_in_the_zone(ready, activity, now):
    CEActivity.objects.filter(id=activity.id).update(time_zone="America/New_York", credit_caps={})
    sessions = [factories.SessionFactory(activity=activity, title=f"Session {n:02d} on antimicrobial stewardship",
                                         starts_at=START + timedelta(days=n // 8, hours=n % 8),
                                         ends_at=START + timedelta(days=n // 8, hours=n % 8, minutes=60))
                for n in range(40)]
    with freeze_time(now):
        api.record_session_claims(ready, activity.course_key, {s.usage_key: "1" for s in sessions})
        api.finalize_claim(ready, activity.course_key)
    text = pdf_text(api.get_statement_file(ready, activity.course_key).content)
    assert " / 2" in text or " / 3" in text  # the table runs over pages
    assert text.count("Total claimed") == 1
    assert text.index("Total claimed 40.00") > text.index("Session 39 on antimicrobial stewardship")
    assert "10 June 2026 08:00–09:00 EDT Session 00" in text  # 12:00 UTC, in Boston
    assert "Total: 40.00 AMA PRA Category 1 Credits™" in text


def test_verification_codes_and_names_stay_in_one_piece_in_the_transcript(client, ready, activity, session, now):
    CEActivity.objects.filter(id=activity.id).update(
        title="The 2026 North Atlantic Society for Clinical Microbiology Annual Scientific Meeting and Exposition")
    with freeze_time(now):
        api.record_session_claim(ready, session.usage_key, "1")
        api.finalize_claim(ready, activity.course_key)
    code = Statement.objects.get().verification_code
    client.force_login(ready)
    text = pdf_text(client.get(reverse("ce_plugin:transcript-pdf")).content)
    assert code in text  # not "8URC-" then "MAWH-47RV" on the next line
    assert "1.00 AMA PRA Category 1 Credits™" in text
    page = client.get(reverse("ce_plugin:transcript")).content.decode()
    assert f'<span class="ce-code"><a href="{reverse("ce_plugin:verify", args=[code])}">{code}</a></span>' in page


def test_roster_csv_times_are_iso_in_the_activitys_zone(activity, statement_type, instructor, now,
                                                        django_capture_on_commit_callbacks):
    CEActivity.objects.filter(id=activity.id).update(time_zone="America/New_York")
    learner = factories.UserFactory(username="csvlearner")
    factories.EnrollmentFactory(user=learner, course=factories.CourseFactory._meta.model.objects.get(
        course_key=activity.course_key))
    session = factories.SessionFactory(activity=activity)
    with freeze_time(now):
        api.select_statement_type(learner, activity.course_key, statement_type.id)
        api.record_session_claim(learner, session.usage_key, "0.5")
        api.finalize_claim(learner, activity.course_key)
    with django_capture_on_commit_callbacks(execute=True):
        job = api.start_report(instructor, activity.course_key, "roster")
    name, content = api.get_report_file(activity.course_key, job.id)
    row = list(csv.DictReader(io.StringIO(content.decode())))[0]
    assert row["finalized_at"] == now.astimezone(ZoneInfo("America/New_York")).isoformat(
        timespec="minutes")
    assert row["finalized_at"].endswith("-04:00") and row["credits"] == "0.50"
    assert ReportJob.objects.get().status == "done"
