"""
A CE course built with the platform's own factories, for the in-platform suite.

``CECourseTestCase`` is the platform's ``ModuleStoreTestCase`` (a course in the real modulestore, the
platform's users and enrollments) with a CE activity over the course: one chapter of units, each holding a
CE Session block, registered as sessions the way publishing registers them.
"""
import io
from datetime import datetime, timedelta, timezone

from common.djangoapps.student.tests.factories import CourseEnrollmentFactory, UserFactory
from django.urls import reverse
from pypdf import PdfReader
from xmodule.modulestore.tests.django_utils import ModuleStoreTestCase
from xmodule.modulestore.tests.factories import BlockFactory, CourseFactory

from ce_plugin import api
from ce_plugin.credit_types import DEFAULT_CREDIT_TYPES
from ce_plugin.models import CEActivity, CreditType, StatementType

MEETING_START = datetime(2026, 6, 10, 13, 0, tzinfo=timezone.utc)
PASSWORD = "ce-platform-pass"
# The LMS's own page chrome (lms/templates/main_django.html): CE pages in the LMS sit inside it.
LMS_CHROME = 'class="window-wrap"'


def pdf_text(content: bytes) -> str:
    """The text of a PDF as a reader copies it (pages joined, white space folded)."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


class CECourseTestCase(ModuleStoreTestCase):
    """A CE activity over a course in the platform's modulestore, with a learner and a course-team member."""

    SESSIONS = ("Rapid diagnostics", "Antimicrobial stewardship")
    COURSE_FIELDS = {}

    def setUp(self):
        super().setUp()
        for row in DEFAULT_CREDIT_TYPES:  # loaded by a data migration, which --nomigrations skips
            CreditType.objects.get_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
        self.course = CourseFactory.create(org="CEOrg", number="AM26", run="2026",
                                           display_name="Annual Meeting 2026", **self.COURSE_FIELDS)
        self.course_key = self.course.id
        chapter = BlockFactory.create(parent=self.course, category="chapter", display_name="Day 1")
        sequence = BlockFactory.create(parent=chapter, category="sequential", display_name="Morning")
        self.blocks = []
        for number, title in enumerate(self.SESSIONS):
            unit = BlockFactory.create(parent=sequence, category="vertical", display_name=title)
            starts = MEETING_START + timedelta(hours=2 * number)
            self.blocks.append(BlockFactory.create(
                parent=unit, category="ce_session", display_name=title, session_title=title,
                starts_at=starts.isoformat(), ends_at=(starts + timedelta(hours=1)).isoformat(),
                max_credits={"ama-pra-1": "1.00"}, evaluation=[], evaluation_required=False))
        self.activity = CEActivity.objects.create(
            course_key=self.course_key, title="Annual Meeting 2026", provider_name="Test Society of Medicine",
            start_date=MEETING_START.date(), end_date=MEETING_START.date(), published=True,
            claim_opens_at=MEETING_START - timedelta(days=1), claim_closes_at=datetime.now(timezone.utc) + timedelta(
                days=30))
        self.statement_type = StatementType.objects.create(
            activity=self.activity, credit_type=CreditType.objects.get(code="ama-pra-1"),
            name="AMA PRA Category 1 Credit™ (physicians)")
        api.sync_course_sessions(self.course_key, [(b.location, b.session_payload()) for b in self.blocks])

        self.learner = UserFactory.create(username="ce_learner", password=PASSWORD)
        self.learner.profile.name = "Jordan A. Lee, MD"
        self.learner.profile.save()
        CourseEnrollmentFactory.create(user=self.learner, course_id=self.course_key, mode="honor")
        self.team_member = UserFactory.create(username="ce_instructor", password=PASSWORD)
        from common.djangoapps.student.roles import CourseStaffRole
        CourseStaffRole(self.course_key).add_users(self.team_member)

    def sign_in(self, user):
        self.client.logout()
        assert self.client.login(username=user.username, password=PASSWORD)

    def ce_url(self, name, *args):
        return reverse(f"ce_plugin:{name}", args=[str(self.course_key), *args])

    def claim_every_session(self, credits="1"):
        """The learner chooses the statement and claims each session, through the api as the block's handlers do."""
        api.select_statement_type(self.learner, self.course_key, self.statement_type.id)
        api.record_session_claims(self.learner, self.course_key, {b.location: credits for b in self.blocks})
