"""
Who may reach what: every URL pattern of the plugin (enumerated from the resolver, so a new view cannot
escape this test) and every handler of the CE Session block, against seven kinds of visitor. The learner
("owner") holds a statement and an entry of external credit with its certificate file.

Outcomes: ``ok`` (the page, a file, or a redirect within the plugin), ``login`` (to the sign-in page),
``refused`` (403) and ``absent`` (404: nothing of theirs there, e.g. another learner's statement).
"""
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from freezegun import freeze_time
from opaque_keys.edx.keys import CourseKey
from webob import Request

from ce_plugin import api
from ce_plugin.evaluations import standard_questions
from ce_plugin.models import ExternalCredit, ReportJob, Statement
from devhost_platform.models import Course, CourseRole
from devhost_platform.runtime import DevRuntime
from tests import factories
from tests.test_block import add_block

ROLES = ["anonymous", "unenrolled", "learner", "other_learner", "other_course_staff", "course_staff", "superuser"]
SIGNED_IN = {role: "ok" for role in ROLES[1:]}
LEARNER_PAGE = {"anonymous": "login", "unenrolled": "refused", "learner": "ok", "other_learner": "ok",
                "other_course_staff": "refused", "course_staff": "ok", "superuser": "ok"}
STAFF_PAGE = {"anonymous": "login", "unenrolled": "refused", "learner": "refused", "other_learner": "refused",
              "other_course_staff": "refused", "course_staff": "ok", "superuser": "ok"}
PUBLIC = {role: "ok" for role in ROLES}
# A learner's own record (their external credit and its file): anyone else finds nothing there.
OWN_RECORD = {"anonymous": "login", **{role: "absent" for role in ROLES[1:]}, "learner": "ok"}
# A past meeting has no course, so no course team: only global staff (the CE office) get in.
PAST_MEETING = {**STAFF_PAGE, "course_staff": "refused"}
# Every URL name of the plugin, with what each visitor gets (method, outcome per role).
POLICY = {
    "activities": ("get", {"anonymous": "login", **SIGNED_IN}),
    "my-activities": ("get", {"anonymous": "login", **SIGNED_IN}),
    "transcript": ("get", {"anonymous": "login", **SIGNED_IN}),
    "transcript-pdf": ("get", {"anonymous": "login", **SIGNED_IN}),
    "external-credit-add": ("get", {"anonymous": "login", **SIGNED_IN}),
    "external-credit-edit": ("get", OWN_RECORD),
    "external-credit-delete": ("get", OWN_RECORD),
    "external-credit-certificate": ("get", OWN_RECORD),
    "verify-form": ("get", PUBLIC),
    "verify": ("get", PUBLIC),
    "jsi18n": ("get", PUBLIC),
    "activity": ("get", LEARNER_PAGE),
    "statement": ("get", LEARNER_PAGE),
    "attendance": ("get", LEARNER_PAGE),
    "disclosures": ("get", LEARNER_PAGE),
    "claim": ("get", LEARNER_PAGE),
    "claim-evaluate": ("get", LEARNER_PAGE),
    "summary": ("get", LEARNER_PAGE),
    "check-in": ("get", LEARNER_PAGE),
    # Only the learner who holds it gets a statement; course staff in preview have none of their own.
    "statement-pdf": ("get", {**LEARNER_PAGE, "other_learner": "absent", "course_staff": "absent",
                              "superuser": "absent"}),
    "staff-overview": ("get", STAFF_PAGE),
    "staff-claim": ("get", STAFF_PAGE),
    "staff-statement": ("get", STAFF_PAGE),
    "staff-settings": ("get", STAFF_PAGE),
    "staff-codes": ("get", STAFF_PAGE),
    "staff-codes-csv": ("get", STAFF_PAGE),
    "staff-claims": ("get", STAFF_PAGE),
    "staff-evaluations": ("get", STAFF_PAGE),
    "staff-evaluations-csv": ("get", STAFF_PAGE),
    "staff-exports": ("get", STAFF_PAGE),
    "staff-start-report": ("post", STAFF_PAGE),
    "staff-report": ("get", STAFF_PAGE),
    "staff-report-file": ("get", STAFF_PAGE),
    "staff-statements": ("get", STAFF_PAGE),
    "staff-check-in": ("get", STAFF_PAGE),
    "staff-check-in-screen": ("get", STAFF_PAGE),
    "staff-statement-job": ("get", STAFF_PAGE),
    "session-list": ("get", STAFF_PAGE),
    "staff-past-meeting": ("get", PAST_MEETING),
}
ADMIN_PDF = {"anonymous": "login", "unenrolled": "login", "learner": "login", "other_learner": "login",
             "other_course_staff": "login", "course_staff": "login", "superuser": "ok"}


def plugin_url_names():
    """Every named URL pattern under the ``ce_plugin`` namespace, as the resolver has them."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "ce_plugin" and pattern.name:
                names.add(pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


@pytest.fixture
def visitors(activity, statement_type, instructor, django_capture_on_commit_callbacks):
    course = Course.objects.get(course_key=activity.course_key)
    learner, other = factories.UserFactory(username="owner"), factories.UserFactory(username="other")
    for user in (learner, other):
        factories.EnrollmentFactory(user=user, course=course)
    other_staff = factories.UserFactory(username="elsewhere-staff")
    CourseRole.objects.create(user=other_staff, course=factories.CourseFactory(), role=CourseRole.STAFF)
    factories.DisclosurePageFactory(activity=activity, position=0)
    now = activity.claim_opens_at + timedelta(days=2)
    session = factories.SessionFactory(activity=activity)
    evaluated = factories.SessionFactory(activity=activity, title="Evaluated", evaluation=standard_questions(),
                                         evaluation_required=False, starts_at=factories.MEETING_START + timedelta(
                                             hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        api.select_statement_type(learner, activity.course_key, statement_type.id, now=now)
        api.acknowledge_disclosures(learner, activity.course_key, now=now)
        api.record_session_claim(learner, session.usage_key, "1", now=now)
        api.finalize_claim(learner, activity.course_key, now=now)
        job = api.start_report(instructor, activity.course_key, "roster")
    statement_job = api.start_statement_job(instructor, activity.course_key, "reissue", "Corrected")
    external = api.add_external_credit(learner, "Other Society", "Webinar", "2026-01-15", "ama-pra-1", "1",
                                       certificate=SimpleUploadedFile("c.pdf", b"%PDF-1.7\n%%EOF\n"))
    past_meeting = factories.ActivityFactory(course_key=CourseKey.from_string("course-v1:TestOrg+Past+2009"),
                                             past_meeting=True)
    return {"anonymous": AnonymousUser(), "unenrolled": factories.UserFactory(username="stranger"),
            "learner": learner, "other_learner": other, "other_course_staff": other_staff,
            "course_staff": instructor,
            "superuser": factories.UserFactory(username="root", is_staff=True, is_superuser=True),
            "code": Statement.objects.get().verification_code, "job": ReportJob.objects.get(id=job.id),
            "evaluated": evaluated, "statement_job": statement_job.id, "external": external.id,
            "past_meeting": str(past_meeting.course_key)}


def url_for(name, activity, visitors):
    key = str(activity.course_key)
    args = {"activities": [], "my-activities": [], "transcript": [], "transcript-pdf": [], "verify-form": [],
            "jsi18n": [],
            "verify": [visitors["code"]], "disclosures": [key, 1], "staff-start-report": [key, "roster"],
            "staff-report": [key, visitors["job"].id], "staff-report-file": [key, visitors["job"].id],
            "claim-evaluate": [key, str(visitors["evaluated"].usage_key)],
            "staff-claim": [key, visitors["learner"].username], "staff-statement": [key, visitors["code"]],
            "staff-statement-job": [key, visitors["statement_job"]],
            "external-credit-add": [], "external-credit-edit": [visitors["external"]],
            "external-credit-delete": [visitors["external"]], "external-credit-certificate": [visitors["external"]],
            "staff-past-meeting": [visitors["past_meeting"]],
            "staff-check-in-screen": [key, str(visitors["evaluated"].usage_key)]}
    return reverse(f"ce_plugin:{name}", args=args.get(name, [key]))


def outcome(response):
    if response.status_code in (301, 302):
        return "login" if "login" in response.url else "ok"
    return {200: "ok", 403: "refused", 404: "absent"}.get(response.status_code, str(response.status_code))


def test_the_policy_names_every_url_the_plugin_serves():
    assert plugin_url_names() == set(POLICY), "a URL of the plugin has no entry in the authorization policy"


@pytest.mark.parametrize("name", sorted(POLICY))
def test_url_answers_each_visitor_as_the_policy_says(client, activity, visitors, name):
    method, expected = POLICY[name]
    url = url_for(name, activity, visitors)
    found = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(visitors[role])
        found[role] = outcome(getattr(client, method)(url))
    assert found == expected


def test_the_admin_statement_download_is_for_admin_staff_only(client, visitors):
    url = reverse("admin:ce_plugin_statement_pdf", args=[Statement.objects.get().id])
    found = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(visitors[role])
        found[role] = outcome(client.get(url))
    assert found == ADMIN_PDF


@pytest.mark.parametrize("name", ["external-credit-edit", "external-credit-delete"])
def test_only_the_owner_changes_or_deletes_an_external_credit(client, visitors, name, unchanged):
    """The forms' POSTs, from everyone else: refused (sign-in, or nothing of theirs there), nothing changed."""
    url = reverse(f"ce_plugin:{name}", args=[visitors["external"]])
    form = {"provider": "Taken over", "title": "Webinar", "completed_on": "2026-01-15", "credit_type": "ama-pra-1",
            "amount": "40", "remove_certificate": "yes"}
    found = {}
    with unchanged():
        for role in ROLES:
            if role == "learner":
                continue
            client.logout()
            if role != "anonymous":
                client.force_login(visitors[role])
            found[role] = outcome(client.post(url, form))
    assert found == {role: expected for role, expected in OWN_RECORD.items() if role != "learner"}
    client.force_login(visitors["learner"])
    assert outcome(client.post(url, form)) == "ok" and ExternalCredit.objects.filter(
        provider="Taken over").count() == (1 if name == "external-credit-edit" else 0)


HANDLER_CALLS = {
    "claim_credits": {"credits": "0.5"},
    "submit_evaluation": {"answers": {}},
    "save_session": {"session_title": "Renamed", "time_zone": "UTC", "starts_at_local": "2026-06-10T12:00",
                     "ends_at_local": "2026-06-10T13:00"},
    "suggest_credits": {"time_zone": "UTC", "starts_at_local": "2026-06-10T12:00",
                        "ends_at_local": "2026-06-10T13:00"},
}
# Which visitors the block lets act (``ok: true`` or, for suggestions, a non-empty answer).
HANDLER_POLICY = {
    "claim_credits": {"other_learner"},  # enrolled, not finalized: the only one who may still claim here
    "submit_evaluation": set(),  # the session has no evaluation: nobody's answers are taken
    "save_session": {"course_staff", "superuser"},
    "suggest_credits": {"course_staff", "superuser"},
}


@pytest.mark.parametrize("handler", sorted(HANDLER_CALLS))
def test_block_handlers_act_only_for_whom_they_should(activity, visitors, handler):
    from ce_plugin.models import StatementType
    key = add_block(activity, "matrix", factories.MEETING_START + timedelta(hours=3), evaluation=[],
                    evaluation_required=False)
    statement_type = StatementType.objects.get(activity=activity)
    api.select_statement_type(visitors["other_learner"], activity.course_key, statement_type.id,
                              now=activity.claim_opens_at + timedelta(days=1))
    api.acknowledge_disclosures(visitors["other_learner"], activity.course_key,
                                now=activity.claim_opens_at + timedelta(days=1))
    acted = set()
    for role in ROLES:
        runtime = DevRuntime(visitors[role])
        request = Request.blank("/", method="POST", body=json.dumps(HANDLER_CALLS[handler]).encode(),
                                content_type="application/json")
        with freeze_time(activity.claim_opens_at + timedelta(days=2)):  # inside the claim window
            answer = json.loads(runtime.get_block(key).handle(handler, request).body)
        if answer.get("ok") is True or (handler == "suggest_credits" and answer):
            acted.add(role)
    assert acted == HANDLER_POLICY[handler]
