"""
The plugin inside the LMS, through the platform's own code paths (run with ``lms.envs.test``).

Targets the paths of openedx-platform master and release/ulmo named in ``ce_plugin.compat.openedx``,
``ce_plugin.filters`` and ``ce_plugin.course_tab``; run against whichever checkout ``make platform-test``
is given.
"""
import json
import subprocess
import sys
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.test.utils import override_settings
from django.urls import reverse
from lms.djangoapps.certificates.api import invalidate_certificate
from lms.djangoapps.certificates.data import CertificateStatuses
from lms.djangoapps.certificates.models import GeneratedCertificate
from lms.djangoapps.certificates.tests.factories import CertificateHtmlViewConfigurationFactory
from lms.djangoapps.certificates.utils import get_certificate_url
from lms.djangoapps.courseware.tabs import get_course_tab_list
from lms.djangoapps.grades.tests.utils import answer_problem
from openedx.core.djangolib.testing.utils import get_mock_request
from openedx.core.lib.course_tabs import CourseTabPluginManager
from xblock.core import XBlock
from xmodule.data import CertificatesDisplayBehaviors
from xmodule.modulestore.tests.factories import BlockFactory

from ce_plugin import api, compat
from ce_plugin.models import AuditEvent, SessionClaim, Statement
from ce_xblock.block import CESessionBlock

from ..support import LMS_CHROME, MEETING_START, CECourseTestCase, pdf_text

CERTIFICATES = {"certificates": [{"id": 1, "name": "CE", "description": "CE", "course_title": "Annual Meeting 2026",
                                  "signatories": [], "version": 1, "is_active": True}]}


class PluginLoadedInTheLmsTest(CECourseTestCase):
    """The edx-django-utils loader of the LMS found the app, its settings, URLs, filters, block and tab."""

    def test_app_settings_urls_block_and_tab_are_registered(self):
        assert apps.is_installed("ce_plugin")
        assert settings.CE_PLATFORM_BACKEND == "openedx"
        assert reverse("ce_plugin:activities") == "/ce/"
        assert compat.backend().__name__ == "ce_plugin.compat.openedx"
        pipeline = settings.OPEN_EDX_FILTERS_CONFIG["org.openedx.learning.certificate.creation.requested.v1"]
        assert "ce_plugin.filters.HoldCertificateUntilClaimFinalized" in pipeline["pipeline"]
        assert XBlock.load_class("ce_session") is CESessionBlock
        assert "ce_credit" in {tab_type.type for tab_type in CourseTabPluginManager.get_tab_types()}

    def test_compat_answers_from_the_platform(self):
        assert compat.is_enrolled(self.learner, self.course_key)
        assert list(compat.enrolled_course_keys(self.learner)) == [self.course_key]
        assert compat.is_course_staff(self.team_member, self.course_key)
        assert not compat.is_course_staff(self.learner, self.course_key)
        assert compat.get_user_full_name(self.learner) == "Jordan A. Lee, MD"
        assert compat.get_full_names([self.learner.id]) == {self.learner.id: "Jordan A. Lee, MD"}
        assert compat.get_course_info(self.course_key).title == "Annual Meeting 2026"
        assert compat.unit_url(self.course_key, self.blocks[0].location).endswith(
            f"/jump_to/{self.blocks[0].location}")

    def test_course_about_urls_come_from_the_platforms_link_for_the_about_page(self):
        from openedx.core.djangoapps.content.course_overviews.models import CourseOverview
        unknown = self.course_key.replace(run="2099")  # no overview: the LMS's own about page
        urls = compat.course_about_urls([self.course_key, unknown])
        assert urls[str(unknown)] == f"/courses/{unknown}/about"
        assert urls[str(self.course_key)].endswith(f"/courses/{self.course_key}/about")
        CourseOverview.get_from_id(self.course_key)  # with an overview: get_link_for_about_page, LMS_ROOT_URL
        assert compat.course_about_urls([self.course_key])[str(self.course_key)] == (
            f"{settings.LMS_ROOT_URL}/courses/{self.course_key}/about")


def test_migrations_apply_and_match_the_models_on_the_platforms_django():
    """The suite runs with ``--nomigrations``; the plugin's migrations are applied here, on the platform's Django."""
    script = (
        "import django; from django.conf import settings; settings.configure(USE_TZ=True, INSTALLED_APPS=["
        "'django.contrib.contenttypes', 'django.contrib.auth', 'ce_plugin'], DATABASES={'default': {"
        "'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}}); django.setup();"
        "from django.core.management import call_command as c; c('migrate', verbosity=0);"
        "c('makemigrations', 'ce_plugin', check=True, dry_run=True, verbosity=0);"
        "from ce_plugin.models import CreditType; print(sorted(CreditType.objects.values_list('code', flat=True)))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd="/", check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "['acpe', 'ama-pra-1', 'ancc', 'pace', 'participation']"


class BlockInTheLmsTest(CECourseTestCase):
    """The CE Session block through ``render_xblock`` (the Learning MFE's unit iframe) and ``xblock_handler``."""

    def test_render_xblock_shows_the_session_to_the_learner(self):
        self.sign_in(self.learner)
        response = self.client.get(reverse("render_xblock", args=[str(self.blocks[0].location)]))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Rapid diagnostics" in page and "CESessionBlock" in page

    def test_handlers_claim_credit_through_xblock_handler(self):
        api.select_statement_type(self.learner, self.course_key, self.statement_type.id)
        self.sign_in(self.learner)
        url = reverse("xblock_handler", kwargs={"course_id": str(self.course_key),
                                                "usage_id": str(self.blocks[0].location),
                                                "handler": "claim_credits", "suffix": ""})
        response = self.client.post(url, json.dumps({"credits": "0.75"}), content_type="application/json")
        assert response.status_code == 200, response.content
        assert response.json()["ok"] is True and response.json()["total"] == "0.75"
        assert SessionClaim.objects.get(session__usage_key=self.blocks[0].location).credits == 0.75
        refused = self.client.post(url, json.dumps({"credits": "5"}), content_type="application/json").json()
        assert refused["ok"] is False and refused["code"]


class CourseTabInTheLmsTest(CECourseTestCase):
    """The "CE Credit" tab in ``get_course_tab_list``, which the LMS and the Learning MFE metadata both use."""

    def test_tab_is_listed_for_enrolled_learners_and_the_course_team_only(self):
        course = self.store.get_course(self.course_key)
        tabs = {tab.type: tab for tab in get_course_tab_list(self.learner, course)}
        assert tabs["ce_credit"].link_func(course, reverse) == self.ce_url("activity")
        assert "ce_credit" in {tab.type for tab in get_course_tab_list(self.team_member, course)}
        from common.djangoapps.student.tests.factories import UserFactory
        assert "ce_credit" not in {tab.type for tab in get_course_tab_list(UserFactory.create(), course)}


class PagesInTheLmsTest(CECourseTestCase):
    """Every learner and course-team page answers inside the LMS's own ``main_django.html``."""

    STAFF_PAGES = ["staff-overview", "staff-settings", "staff-codes", "staff-claims", "staff-evaluations",
                   "staff-exports", "staff-statements", "staff-check-in"]

    def assert_in_lms_chrome(self, url):
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert LMS_CHROME in response.content.decode(), url
        return response.content.decode()

    def post(self, url, data):
        response = self.client.post(url, data)
        assert response.status_code == 302, (url, response.status_code, response.content[:500])
        return response

    def test_the_learner_walks_every_step_of_the_wizard(self):
        """Statement, group code, disclosure, claim, summary, statement PDF: each page in the LMS's chrome."""
        self.activity.attendance_mode = "group"
        self.activity.save()
        self.activity.disclosure_pages.create(position=1, title="Faculty disclosures", body="Nothing to disclose.")
        (code,) = api.generate_group_codes(self.team_member, self.course_key, 1, "Site A")
        self.sign_in(self.learner)
        for url in (reverse("ce_plugin:my-activities"), self.ce_url("activity"), reverse("ce_plugin:transcript"),
                    reverse("ce_plugin:verify-form")):
            self.assert_in_lms_chrome(url)
        library = self.assert_in_lms_chrome(reverse("ce_plugin:activities"))
        assert "Annual Meeting 2026" in library and self.ce_url("activity") in library  # enrolled: to the claim
        self.assert_in_lms_chrome(self.ce_url("statement"))
        self.post(self.ce_url("statement"), {"statement_type": self.statement_type.id})
        self.assert_in_lms_chrome(self.ce_url("attendance"))
        self.post(self.ce_url("attendance"), {"code": code})
        assert "Faculty disclosures" in self.assert_in_lms_chrome(self.ce_url("disclosures", 1))
        self.post(self.ce_url("disclosures", 1), {"acknowledge": "yes"})
        self.assert_in_lms_chrome(self.ce_url("claim"))
        self.post(self.ce_url("claim"), {f"credits:{self.blocks[0].location}": "1",
                                         f"credits:{self.blocks[1].location}": "0.5"})
        summary = self.assert_in_lms_chrome(self.ce_url("summary"))
        assert "<strong data-printed-name>Jordan A. Lee, MD</strong>" in summary  # the platform profile's name
        self.post(self.ce_url("summary"), {"action": "finalize", "confirm": "yes", "attest": "yes",
                                           "printed_name": "Jordan A. Lee", "printed_credentials": "MD, PhD"})
        statement = Statement.objects.get()
        assert statement.snapshot["total"] == "1.50"
        assert "Jordan A. Lee, MD, PhD" in self.assert_in_lms_chrome(
            reverse("ce_plugin:verify", args=[statement.verification_code]))
        assert "Annual Meeting 2026" in self.assert_in_lms_chrome(reverse("ce_plugin:transcript"))

    def test_a_learner_checks_in_with_the_code_of_the_session_screen(self):
        """The course team's check-in screen and the learner's check-in page, both in the LMS's chrome."""
        from freezegun import freeze_time

        from ce_plugin.models import SessionCheckIn
        self.activity.check_in_presence = "once"
        self.activity.save()
        with freeze_time(MEETING_START + timedelta(minutes=10)):  # the first session began ten minutes ago
            self.sign_in(self.team_member)
            screen = self.assert_in_lms_chrome(self.ce_url("staff-check-in-screen", str(self.blocks[0].location)))
            code = screen.split("data-check-in-code>")[1].split("<")[0]
            self.sign_in(self.learner)
            self.assert_in_lms_chrome(self.ce_url("check-in"))
            response = self.client.post(self.ce_url("check-in"), {"code": code})
            assert response.status_code == 200 and 'data-checked-in="start"' in response.content.decode()
            assert LMS_CHROME in response.content.decode()
        assert SessionCheckIn.objects.get().user == self.learner

    def test_course_team_pages(self):
        self.sign_in(self.team_member)
        for name in self.STAFF_PAGES:
            self.assert_in_lms_chrome(self.ce_url(name))
        for name in ("staff-codes-csv", "staff-evaluations-csv"):
            assert self.client.get(self.ce_url(name)).status_code == 200
        with self.captureOnCommitCallbacks(execute=True):  # the build task is queued once the request commits
            report = self.post(self.ce_url("staff-start-report", "roster"), {})["Location"]
        self.assert_in_lms_chrome(report)  # built by the platform's Celery (eager in its test settings)
        assert self.client.get(report + "file/").status_code == 200
        self.claim_every_session()
        with self.captureOnCommitCallbacks(execute=True):
            api.finalize_claim(self.learner, self.course_key)
        code = Statement.objects.get().verification_code
        record = self.assert_in_lms_chrome(self.ce_url("staff-claim", self.learner.username))
        assert code in record and "Claim finalized" in record
        assert self.client.get(self.ce_url("staff-statement", code))["Content-Type"] == "application/pdf"
        with self.captureOnCommitCallbacks(execute=True):  # the job's tasks (eager here) once the request commits
            job = self.post(self.ce_url("staff-statements"), {"kind": "reissue", "reason": "Statement corrected"})
        assert "Done" in self.assert_in_lms_chrome(job["Location"])
        reissued = Statement.objects.get(revoked_at__isnull=True)
        assert reissued.verification_code != code and reissued.pdf and reissued.issued_by == self.team_member
        assert Statement.objects.get(verification_code=code).revoked_reason == "Reissued: Statement corrected"
        self.sign_in(self.learner)
        refused = self.client.get(self.ce_url("staff-settings"))
        assert refused.status_code == 403 and LMS_CHROME in refused.content.decode()  # the site's page
        assert "Only the course team can do this." in refused.content.decode()


@override_settings(FEATURES={**settings.FEATURES, "CERTIFICATES_HTML_VIEW": True})
class CertificatePipelineTest(CECourseTestCase):
    """The platform's certificate generation, certificate page and revocation, with the plugin's filter steps."""

    # One graded homework problem; the learner answers it, so the platform finds a passing grade and only the
    # plugin's filter step can stand in the way of the certificate.
    COURSE_FIELDS = {"cert_html_view_enabled": True, "certificates": CERTIFICATES,
                     "certificates_display_behavior": CertificatesDisplayBehaviors.EARLY_NO_INFO, "grading_policy": {
        "GRADER": [{"type": "Homework", "min_count": 1, "drop_count": 0, "short_label": "HW", "weight": 1.0}],
        "GRADE_CUTOFFS": {"Pass": 0.5}}}

    def setUp(self):
        super().setUp()
        CertificateHtmlViewConfigurationFactory.create()
        chapter = BlockFactory.create(parent=self.course, category="chapter", display_name="Self-assessment")
        quiz = BlockFactory.create(parent=chapter, category="sequential", display_name="Quiz", graded=True,
                                   format="Homework")
        problem = BlockFactory.create(parent=BlockFactory.create(parent=quiz, category="vertical"), category="problem")
        answer_problem(self.store.get_course(self.course_key), get_mock_request(self.learner), problem, score=1,
                       max_value=1)

    def certificate(self):
        return GeneratedCertificate.certificate_for_student(self.learner, self.course_key)

    def test_certificate_is_held_until_finalizing_then_generated_shown_as_the_statement_and_revoked(self):
        self.claim_every_session()
        held = compat.generate_course_certificate(self.learner, self.course_key)
        assert held.queued is False and "finalized" in held.refused
        assert self.certificate() is None

        with self.captureOnCommitCallbacks(execute=True):
            api.finalize_claim(self.learner, self.course_key)
        certificate = self.certificate()
        assert certificate is not None and certificate.status == CertificateStatuses.downloadable
        assert AuditEvent.objects.filter(action="certificate_requested", details__requested=True).exists()

        statement = Statement.objects.get()
        self.sign_in(self.learner)
        page = self.client.get(get_certificate_url(user_id=self.learner.id, course_id=self.course_key,
                                                   uuid=certificate.verify_uuid))
        assert page.status_code == 200
        assert statement.verification_code in page.content.decode() and 'data-result="valid"' in page.content.decode()

        assert invalidate_certificate(self.learner.id, self.course_key, source="ce platform test") is True
        statement.refresh_from_db()
        assert statement.revoked_at is not None and "unavailable" in statement.revoked_reason
        assert api.get_statement(self.learner, self.course_key) is None


class StatementPdfInTheLmsTest(CECourseTestCase):
    """Finalizing renders the statement PDF through the LMS's template loaders; the transcript PDF too."""

    def test_statement_and_transcript_pdfs_show_the_learner_the_activity_and_the_credits(self):
        self.claim_every_session(credits="0.75")
        with self.captureOnCommitCallbacks(execute=True):  # the rendering task runs eagerly (CELERY_ALWAYS_EAGER)
            api.finalize_claim(self.learner, self.course_key)
        statement = Statement.objects.get()
        assert statement.pdf and statement.pdf_sha256  # rendered by the task, not on first download
        self.sign_in(self.learner)
        response = self.client.get(self.ce_url("statement-pdf"))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        for expected in ("Jordan A. Lee, MD", "Annual Meeting 2026", "Rapid diagnostics", "Antimicrobial stewardship",
                         "1.5", statement.verification_code):
            assert expected in text, expected

        transcript = self.client.get(reverse("ce_plugin:transcript-pdf"))
        assert transcript.status_code == 200
        text = pdf_text(transcript.content)
        for expected in ("Jordan A. Lee, MD", "Annual Meeting 2026", "1.5", statement.verification_code):
            assert expected in text, expected


class CompletionInTheLmsTest(CECourseTestCase):
    """``compat.completed_units`` reads the platform's completion service and the unit from the modulestore."""

    def test_a_unit_is_completed_when_its_other_content_is(self):
        from completion.models import BlockCompletion
        from completion.waffle import ENABLE_COMPLETION_TRACKING_SWITCH
        from edx_toggles.toggles.testutils import override_waffle_switch
        unit = self.store.get_parent_location(self.blocks[0].location)
        html = BlockFactory.create(parent_location=unit, category="html", display_name="Slides")
        BlockFactory.create(parent_location=unit, category="discussion", display_name="Questions")
        sessions = [self.blocks[0].location, self.blocks[1].location]
        with override_waffle_switch(ENABLE_COMPLETION_TRACKING_SWITCH, True):
            assert compat.completed_units(self.learner, self.course_key, sessions) == set()
            BlockCompletion.objects.submit_completion(self.learner, html.location, 1.0)
            # the discussion is excluded from completion; the second unit holds no other content
            assert compat.completed_units(self.learner, self.course_key, sessions) == {str(self.blocks[0].location)}
            assert compat.completed_units(self.team_member, self.course_key, sessions) == set()
        with override_waffle_switch(ENABLE_COMPLETION_TRACKING_SWITCH, False):
            assert compat.completed_units(self.learner, self.course_key, sessions) == set()


class RecordsBeyondTheCourseInTheLmsTest(CECourseTestCase):
    """Credit earned elsewhere and a past meeting's statement, through the LMS's pages, storage and workers."""

    def test_a_learner_records_credit_earned_elsewhere_with_its_certificate(self):
        from django.core.files.uploadedfile import SimpleUploadedFile
        self.sign_in(self.learner)
        form = PagesInTheLmsTest.assert_in_lms_chrome(self, reverse("ce_plugin:external-credit-add"))
        assert 'name="certificate"' in form
        certificate = SimpleUploadedFile("certificate.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF\n",
                                         content_type="application/pdf")
        response = self.client.post(reverse("ce_plugin:external-credit-add"), {
            "provider": "State Medical Society", "title": "Opioid prescribing 2026", "completed_on": "2026-03-02",
            "credit_type": "ama-pra-1", "other_credit_type": "", "amount": "2,5", "certificate": certificate})
        assert response.status_code == 302, response.content[:500]
        transcript = PagesInTheLmsTest.assert_in_lms_chrome(self, reverse("ce_plugin:transcript"))
        assert "Opioid prescribing 2026" in transcript and "2.50" in transcript
        (entry,) = api.get_external_credits(self.learner).entries
        download = self.client.get(reverse("ce_plugin:external-credit-certificate", args=[entry.id]))
        assert download.status_code == 200 and b"".join(download).startswith(b"%PDF")

    def test_the_ce_office_issues_a_past_meetings_statement(self):
        from opaque_keys.edx.keys import CourseKey

        from ce_plugin.models import CEActivity, CreditType, StatementType
        key = CourseKey.from_string("course-v1:CEOrg+AM09+past")
        meeting = CEActivity.objects.create(course_key=key, title="Annual Meeting 2009", past_meeting=True,
                                            time_zone="America/New_York", published=True)
        physician = StatementType.objects.create(activity=meeting, credit_type=CreditType.objects.get(
            code="ama-pra-1"), name="AMA PRA Category 1 Credit™")
        from common.djangoapps.student.tests.factories import UserFactory
        office = UserFactory.create(username="ce_office", password="ce-office-pw", is_staff=True)
        self.client.logout()
        assert self.client.login(username="ce_office", password="ce-office-pw")
        page = reverse("ce_plugin:staff-past-meeting", args=[str(key)])
        PagesInTheLmsTest.assert_in_lms_chrome(self, page)
        session = api.add_past_meeting_session(office, key, "Opening plenary", "2009-05-17", "08:00", "09:30")
        with self.captureOnCommitCallbacks(execute=True):
            statement = api.issue_past_meeting_statement(office, self.learner.username, key, physician.id,
                                                         {session.usage_key: "1.5"}, "From the 2009 sign-in sheets")
        verified = PagesInTheLmsTest.assert_in_lms_chrome(
            self, reverse("ce_plugin:verify", args=[statement.verification_code]))
        assert "Annual Meeting 2009" in verified
        self.sign_in(self.learner)
        assert "Annual Meeting 2009" in PagesInTheLmsTest.assert_in_lms_chrome(self, reverse("ce_plugin:transcript"))
