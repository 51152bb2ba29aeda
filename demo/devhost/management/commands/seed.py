"""
Seed the dev host with a realistic fictional meeting.

The NASCM Annual Meeting: four days, three parallel tracks, 36 sessions with overlapping
times, four statements of credit (physician CME, pharmacy CPE, certificate of participation,
P.A.C.E.), personal badge codes, two disclosure pages, and three accounts: a learner, an
instructor (course staff) and an admin. Sixteen attendees have claimed already: physicians who
gave a licence or consented to board reporting, pharmacists with their NABP e-Profile IDs, and
one of each who gave too little, so both accreditation exports have rows and a learner left out.
The learner's transcript already holds a statement of the NASCM Annual Meeting 2009, a past meeting
without a course whose sessions and statements the CE office entered, and two entries of credit
earned elsewhere (self-reported), one with its certificate file.
Beside it, NASCM Grand Rounds runs today: claiming a session needs a check-in with the code on its
check-in screen. Running it again changes nothing.
"""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

from ce_plugin import api
from ce_plugin.evaluations import standard_questions
from ce_plugin.models import AttendanceCode, CEActivity, CreditType, DisclosurePage, StatementType
from devhost_platform.models import BlockRecord, Course, CourseRole, Enrollment, LearnerProfile, Unit
from devhost_platform.runtime import DevRuntime

COURSE_KEY = "course-v1:NASCM+AM26+2026"
ROUNDS_KEY = "course-v1:NASCM+GR26+2026"
PAST_MEETING_KEY = "course-v1:NASCM+AM09+past"  # names no course: the meeting was held before the platform
PAST_MEETING_PROGRAMME = [  # (title, day, starts, ends, track), wall-clock times in Boston
    ("Opening plenary: antimicrobial resistance in 2009", "2009-05-17", "08:00", "09:30", "Plenary"),
    ("Pandemic H1N1 influenza: the laboratory response", "2009-05-17", "10:00", "11:30", "Clinical"),
    ("Blood culture workshop", "2009-05-18", "13:00", "15:00", "Laboratory"),
    ("Closing plenary", "2009-05-19", "09:00", "10:00", "Plenary"),
]
ZONE = ZoneInfo("America/New_York")
PASSWORD = "ce-demo-2026"
LEARNER_BADGE = "AM26-0042"

TOPICS = [
    "Antimicrobial stewardship in the emergency department", "Rapid molecular diagnostics for sepsis",
    "Carbapenem-resistant Enterobacterales: what is new", "Fungal infections in the immunocompromised host",
    "Clostridioides difficile: prevention and treatment", "Tuberculosis screening in 2026",
    "Vaccine-preventable diseases: the comeback", "Metagenomic sequencing at the bedside",
    "Urinary tract infection: stewardship in primary care", "Lyme disease and emerging tick-borne infections",
    "Infection prevention for laboratory staff", "Antibiotic allergy delabeling",
    "Point-of-care testing: quality and pitfalls", "Respiratory virus panels: who benefits?",
    "Outpatient parenteral antimicrobial therapy", "Hospital water systems and Legionella",
    "MALDI-TOF identification beyond bacteria", "Pediatric antimicrobial dosing",
    "One Health and antimicrobial resistance", "Blood culture contamination: reducing false positives",
    "Hepatitis C elimination in primary care", "HIV pre-exposure prophylaxis update",
    "Travel medicine for the returning patient", "Surgical site infection bundles",
    "Diagnostic stewardship for C. difficile testing", "Candida auris: laboratory detection",
    "Wastewater surveillance for public health", "Biosafety in the clinical laboratory",
    "Sexually transmitted infections: syphilis resurgence", "Antifungal susceptibility testing",
    "Prosthetic joint infection: diagnosis", "Artificial intelligence in microbiology",
    "Communicating uncertainty to patients", "Outbreak investigation: a case study",
    "Antimicrobial resistance surveillance networks", "Closing plenary: the decade ahead",
]
SPEAKERS = [
    "Dr. Amara Okafor", "Dr. Lucas Brennan", "Dr. Priya Raman", "Dr. Tomás Herrera", "Dr. Hannah Weiss",
    "Dr. Kenji Watanabe", "Dr. Fatima Haddad", "Dr. Olivia Martins", "Dr. Samuel Adeyemi", "Dr. Ingrid Solberg",
]
# (track, start hh:mm, minutes) per day; tracks overlap one another.
DAY_PLAN = [
    ("Plenary", "08:00", 60), ("Clinical", "09:15", 90), ("Laboratory", "09:30", 60),
    ("Clinical", "11:00", 60), ("Laboratory", "10:45", 90), ("Plenary", "13:30", 60),
    ("Clinical", "13:30", 75), ("Laboratory", "14:00", 60), ("Plenary", "15:30", 90),
]


class Command(BaseCommand):
    help = "Create the fictional NASCM Annual Meeting, its sessions and the demo accounts (idempotent)."

    def handle(self, *args, **options):
        key = CourseKey.from_string(COURSE_KEY)
        if Course.objects.filter(course_key=key).exists():
            self.stdout.write("The demo meeting is already seeded.")
        else:
            with transaction.atomic():
                self._seed(key)
            self.stdout.write(self.style.SUCCESS(
                "Seeded the NASCM Annual Meeting 2026 (36 sessions, 16 attendees who already claimed), the past "
                "meeting of 2009 and the learner's credit earned elsewhere."))
        rounds = CourseKey.from_string(ROUNDS_KEY)
        if not Course.objects.filter(course_key=rounds).exists():
            with transaction.atomic():
                self._grand_rounds(rounds)
            self.stdout.write(self.style.SUCCESS(
                "Seeded NASCM Grand Rounds, live today: claiming a session needs a check-in; the instructor shows "
                f"its code at /ce/staff/courses/{ROUNDS_KEY}/check-in/."))
        self.stdout.write(
            f"Accounts (password '{PASSWORD}' for each): learner (badge code {LEARNER_BADGE}), "
            "instructor (course staff), admin (superuser)."
        )

    def _users(self, course):
        user_model = get_user_model()
        learner, created = user_model.objects.get_or_create(
            username="learner", defaults={"email": "learner@example.com", "first_name": "Jordan", "last_name": "Lee"})
        if created:
            learner.set_password(PASSWORD)
            learner.save()
        LearnerProfile.objects.update_or_create(user=learner, defaults={"name": "Jordan A. Lee, MD"})
        instructor, created = user_model.objects.get_or_create(
            username="instructor", defaults={"email": "instructor@example.com", "first_name": "Morgan",
                                             "last_name": "Reyes"})
        if created:
            instructor.set_password(PASSWORD)
            instructor.save()
        admin, created = user_model.objects.get_or_create(
            username="admin", defaults={"email": "admin@example.com", "is_staff": True, "is_superuser": True})
        if created:
            admin.set_password(PASSWORD)
            admin.save()
        Enrollment.objects.get_or_create(user=learner, course=course, defaults={"mode": "verified"})
        CourseRole.objects.get_or_create(user=instructor, course=course, role=CourseRole.STAFF)
        return learner

    def _seed(self, key):
        today = timezone.now().astimezone(ZONE).date()
        first_day = today - timedelta(days=8)
        last_day = first_day + timedelta(days=3)
        course = Course.objects.create(
            course_key=key, title="NASCM Annual Meeting 2026",
            start=datetime.combine(first_day, time(8), ZONE), end=datetime.combine(last_day, time(17), ZONE))
        self._users(course)
        activity = CEActivity.objects.create(
            course_key=key, activity_type="live_meeting", title="NASCM Annual Meeting 2026",
            provider_name="North Atlantic Society for Clinical Microbiology",
            provider_address="1200 Harbor Street, Suite 400, Boston, MA 02110",
            start_date=first_day, end_date=last_day, location="Hynes Convention Center, Boston, MA",
            time_zone=str(ZONE),
            accreditation_statement=(
                "The North Atlantic Society for Clinical Microbiology is accredited by the Accreditation Council for "
                "Continuing Medical Education (ACCME) to provide continuing medical education for physicians, and "
                "by the Accreditation Council for Pharmacy Education (ACPE) as a provider of continuing pharmacy "
                "education."),
            claim_opens_at=datetime.combine(first_day, time(7), ZONE),
            claim_closes_at=datetime.combine(last_day + timedelta(days=30), time(23, 59), ZONE),
            attendance_mode="badge",
            credit_caps={"ama-pra-1": "24.00", "acpe": "24.00", "participation": "24.00", "pace": "26.00"},
            support_email="cme@nascm.example.org", published=True,
            accme_activity_id="202617450", acpe_uan="0294-0000-26-017-L01-P",
        )
        for position, (code, name) in enumerate([
            ("ama-pra-1", "AMA PRA Category 1 Credit™ (physicians)"),
            ("acpe", "ACPE contact hours (pharmacists)"),
            ("participation", "Certificate of participation (non-physicians)"),
            ("pace", "P.A.C.E.® contact hours (laboratory professionals)"),
        ]):
            StatementType.objects.create(activity=activity, credit_type=CreditType.objects.get(code=code),
                                         name=name, position=position)
        DisclosurePage.objects.create(activity=activity, position=0, title="Faculty disclosures", body=(
            "All faculty, planners and reviewers disclosed their financial relationships with ineligible "
            "companies.\n\n* **Dr. Priya Raman** - consultant, Example Diagnostics Inc. (relationship ended)\n"
            "* All other faculty and planners: **no relevant financial relationships**.\n\n"
            "All relevant financial relationships were mitigated before the activity."))
        DisclosurePage.objects.create(activity=activity, position=1, title="Commercial support", body=(
            "This activity received **no commercial support**. Exhibits were kept separate from education."))
        AttendanceCode.objects.bulk_create([
            AttendanceCode(activity=activity, code=f"AM26-{n:04d}", kind="badge",
                           holder_email=f"registrant{n}@example.com", holder_name=f"Registrant {n}")
            for n in range(1, 401)
        ])
        AttendanceCode.objects.filter(activity=activity, code=LEARNER_BADGE).update(
            holder_email="learner@example.com", holder_name="Jordan A. Lee, MD")
        self._sessions(course, first_day)
        self._attendees(course, activity, first_day)
        learner, admin = (get_user_model().objects.get(username=name) for name in ("learner", "admin"))
        self._past_meeting(admin, learner)
        self._external_credits(learner, today)

    def _past_meeting(self, office, learner):
        """
        The NASCM Annual Meeting 2009, held before the platform: the CE office entered four sessions from its
        programme and issued the learner's statement from the meeting's sign-in sheets (ADR 0020).
        """
        key = CourseKey.from_string(PAST_MEETING_KEY)
        activity = CEActivity.objects.create(
            course_key=key, past_meeting=True, activity_type="live_meeting", title="NASCM Annual Meeting 2009",
            provider_name="North Atlantic Society for Clinical Microbiology",
            provider_address="1200 Harbor Street, Suite 400, Boston, MA 02110", start_date=date(2009, 5, 17),
            end_date=date(2009, 5, 19), location="Hynes Convention Center, Boston, MA", time_zone=str(ZONE),
            accreditation_statement=(
                "The North Atlantic Society for Clinical Microbiology is accredited by the Accreditation Council for "
                "Continuing Medical Education (ACCME) to provide continuing medical education for physicians."),
            support_email="cme@nascm.example.org")
        physician = StatementType.objects.create(activity=activity, name="AMA PRA Category 1 Credit™ (physicians)",
                                                 credit_type=CreditType.objects.get(code="ama-pra-1"))
        sessions = [api.add_past_meeting_session(office, key, title, day, starts, ends, track=track)
                    for title, day, starts, ends, track in PAST_MEETING_PROGRAMME]
        api.issue_past_meeting_statement(
            office, learner.username, key, physician.id,
            {sessions[0].usage_key: "1.5", sessions[1].usage_key: "1.5", sessions[2].usage_key: "2"},
            "Attendance confirmed from the 2009 registration list and session sign-in sheets")

    def _external_credits(self, learner, today):
        """Two entries of credit the learner earned from other providers; the first with its certificate (PDF)."""
        certificate = ContentFile(certificate_pdf(
            "Certificate of attendance", "Jordan A. Lee, MD", "Sepsis in 2026: a clinical update (webinar)",
            "1.5 AMA PRA Category 1 Credits", "Society of Hospital Medicine"), name="sepsis-webinar.pdf")
        api.add_external_credit(learner, "Society of Hospital Medicine", "Sepsis in 2026: a clinical update (webinar)",
                                today - timedelta(days=45), "ama-pra-1", "1,5", certificate=certificate)
        api.add_external_credit(learner, "Massachusetts Medical Society", "Opioid prescribing: risk management",
                                today - timedelta(days=200), "other", "3",
                                other_credit_type="Massachusetts risk management CME")

    def _attendees(self, course, activity, first_day):
        """
        Sixteen attendees who claimed and evaluated the first day's sessions, so reports and exports have data.

        Twelve physicians (eight finalized): odd numbers consented to board reporting with a board ID,
        even numbers gave a licence; attendee04 gave neither. Four pharmacists (three finalized) gave their
        NABP e-Profile ID; attendee16 has not finalized.
        """
        physician = activity.statement_types.get(credit_type__code="ama-pra-1")
        pharmacist = activity.statement_types.get(credit_type__code="acpe")
        for n in range(1, 13):
            birth = f"{1 + n % 12:02d}{10 + n:02d}"
            if n == 4:
                profile = {}
            elif n % 2:
                profile = {"moc_consent": "yes", "board_id": f"ABIM-{310400 + n}", "birth_mmdd": birth}
            else:
                profile = {"license_state": "MA", "license_number": f"MD{27100 + n}", "birth_mmdd": birth}
            self._attendee(course, first_day, n, physician, profile, finalize=bool(n % 3))
        for n in range(13, 17):
            profile = {"nabp_eprofile_id": f"{1234500 + n}", "birth_mmdd": f"0{n - 12}15"}
            self._attendee(course, first_day, n, pharmacist, profile, finalize=n != 16)

    def _attendee(self, course, first_day, n, statement_type, profile, finalize):
        user = get_user_model().objects.create_user(f"attendee{n:02d}", f"attendee{n:02d}@example.com", PASSWORD,
                                                    first_name=f"Attendee{n:02d}", last_name="Example")
        Enrollment.objects.create(user=user, course=course, mode="verified")
        first_sessions = api.list_sessions(course.course_key)[:3]
        answers = {"objectives_met": 5, "relevant": 4, "unbiased": "yes", "practice_change": "yes", "overall": 4}
        when = datetime.combine(first_day + timedelta(days=4), time(20), ZONE)
        api.select_statement_type(user, course.course_key, statement_type.id, profile, now=when)
        api.verify_attendance(user, course.course_key, f"AM26-{100 + n:04d}", now=when)
        api.acknowledge_disclosures(user, course.course_key, now=when)
        for session in first_sessions:
            api.submit_evaluation(user, session.usage_key, {**answers, "overall": 3 + n % 3}, now=when)
        api.record_session_claims(user, course.course_key, {
            first_sessions[0].usage_key: "1", first_sessions[1].usage_key: "1",
            first_sessions[2].usage_key: "0.5"}, now=when)
        if finalize:
            api.finalize_claim(user, course.course_key, now=when)

    def _grand_rounds(self, key):
        """
        A live series running today: one session whose check-in is open when seeded (it began half an hour ago)
        and one tomorrow. Claiming needs one check-in per session, with the code on the session's screen.
        """
        now = timezone.now().astimezone(ZONE).replace(second=0, microsecond=0)
        starts = now.replace(minute=0) - timedelta(minutes=30 if now.minute < 30 else 0)
        course = Course.objects.create(course_key=key, title="NASCM Grand Rounds 2026", start=starts - timedelta(
            days=1), end=starts + timedelta(days=2))
        self._users(course)  # the learner enrolled, the instructor on the course team
        activity = CEActivity.objects.create(
            course_key=key, activity_type="live_meeting", title="NASCM Grand Rounds 2026",
            provider_name="North Atlantic Society for Clinical Microbiology", time_zone=str(ZONE),
            start_date=starts.date(), end_date=(starts + timedelta(days=1)).date(),
            location="Massachusetts General Hospital, Ether Dome, Boston, MA",
            claim_opens_at=starts - timedelta(hours=1), claim_closes_at=starts + timedelta(days=30),
            check_in_presence="once", support_email="cme@nascm.example.org", published=True)
        StatementType.objects.create(activity=activity, credit_type=CreditType.objects.get(code="ama-pra-1"),
                                     name="AMA PRA Category 1 Credit™ (physicians)")
        runtime = DevRuntime(None)
        talks = [("Case conference: fever after travel", starts, 180),
                 ("Morbidity and mortality: a missed endocarditis", starts + timedelta(days=1), 60)]
        for index, (title, begins, minutes) in enumerate(talks):
            unit = Unit.objects.create(course=course, position=index, section="Grand Rounds",
                                       title=f"{begins:%d %B %H:%M} {title}",
                                       usage_key=key.make_usage_key("vertical", f"rounds{index + 1:02d}"))
            usage_key = key.make_usage_key("ce_session", f"rounds{index + 1:02d}")
            BlockRecord.objects.create(unit=unit, usage_key=usage_key, block_type="ce_session", fields={
                "display_name": title, "session_title": title, "track": "", "time_zone": str(ZONE),
                "starts_at": begins.isoformat(), "ends_at": (begins + timedelta(minutes=minutes)).isoformat(),
                "speakers": [SPEAKERS[index]], "learning_objectives": [], "max_credits": {},
                "evaluation": standard_questions(), "evaluation_required": False})
            api.register_session(usage_key, **runtime.get_block(usage_key).session_payload())

    def _sessions(self, course, first_day):
        runtime = DevRuntime(None)
        index = 0
        by_time = sorted(range(len(DAY_PLAN)), key=lambda slot: DAY_PLAN[slot][1])  # the outline runs by start time
        for day in range(4):
            date = first_day + timedelta(days=day)
            for slot, (track, start, minutes) in enumerate(DAY_PLAN):
                if index >= len(TOPICS):
                    break
                hour, minute = map(int, start.split(":"))
                starts = datetime.combine(date, time(hour, minute), ZONE)
                ends = starts + timedelta(minutes=minutes)
                unit = Unit.objects.create(
                    course=course, position=day * len(DAY_PLAN) + by_time.index(slot),
                    section=f"Day {day + 1}: {date:%A %d %B}",
                    title=f"{starts:%H:%M} {TOPICS[index]}",
                    usage_key=course.course_key.make_usage_key("vertical", f"unit{index + 1:02d}"))
                usage_key = course.course_key.make_usage_key("ce_session", f"session{index + 1:02d}")
                BlockRecord.objects.create(unit=unit, usage_key=usage_key, block_type="ce_session", fields={
                    "display_name": TOPICS[index], "session_title": TOPICS[index], "track": track,
                    "time_zone": str(ZONE), "starts_at": starts.isoformat(), "ends_at": ends.isoformat(),
                    "speakers": [SPEAKERS[index % len(SPEAKERS)], SPEAKERS[(index + 3) % len(SPEAKERS)]],
                    "learning_objectives": [
                        f"Describe current evidence on {TOPICS[index].lower()}.",
                        "Apply the recommendations to a case from your own practice.",
                    ],
                    "max_credits": {}, "evaluation": standard_questions(), "evaluation_required": True,
                })
                block = runtime.get_block(usage_key)
                api.register_session(usage_key, **block.session_payload())
                index += 1


def certificate_pdf(*lines: str) -> bytes:
    """A one-page PDF printing ``lines`` (Helvetica, ASCII): a certificate as another provider might send it."""
    text = "".join(f"1 0 0 1 72 {700 - 28 * number} Tm ({line}) Tj " for number, line in enumerate(lines))
    stream = f"BT /F1 16 Tf {text}ET".encode("ascii")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)]
    document, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(document))
        document += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(document)
    document += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    document += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    document += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(document)
