"""The LMS certificate pipeline: our openedx-filters steps in real pipelines, and the openedx-events receiver."""
import types

import pytest
from django.conf import settings as django_settings
from freezegun import freeze_time
from opaque_keys.edx.keys import CourseKey
from openedx_events.learning.data import CertificateData, CourseData, UserData, UserPersonalData
from openedx_events.learning.signals import CERTIFICATE_REVOKED
from openedx_filters.learning.filters import CertificateCreationRequested, CertificateRenderStarted

from ce_plugin import api, compat
from ce_plugin.models import AuditEvent, Statement
from ce_plugin.settings.common import add_filter_steps
from devhost_platform.models import CourseCertificate
from tests import factories

CREATION = "org.openedx.learning.certificate.creation.requested.v1"
RENDER = "org.openedx.learning.certificate.render.started.v1"


def test_plugin_settings_configure_both_steps():
    config = django_settings.OPEN_EDX_FILTERS_CONFIG
    assert config[CREATION] == {"fail_silently": False,
                                "pipeline": ["ce_plugin.filters.HoldCertificateUntilClaimFinalized"]}
    assert config[RENDER] == {"fail_silently": True, "pipeline": ["ce_plugin.filters.RenderStatementAtCertificateURL"]}


def test_filter_steps_join_an_existing_configuration_once():
    settings = types.SimpleNamespace(OPEN_EDX_FILTERS_CONFIG={
        CREATION: {"fail_silently": True, "pipeline": ["other.Step"], "extra": 1},
        RENDER: "other.RenderStep",
        "org.openedx.learning.course.enrollment.started.v1": ["x.Y"],
    })
    add_filter_steps(settings)
    add_filter_steps(settings)
    config = settings.OPEN_EDX_FILTERS_CONFIG
    assert config[CREATION] == {"fail_silently": True, "extra": 1,
                                "pipeline": ["other.Step", "ce_plugin.filters.HoldCertificateUntilClaimFinalized"]}
    assert config[RENDER]["pipeline"] == ["other.RenderStep", "ce_plugin.filters.RenderStatementAtCertificateURL"]
    assert config["org.openedx.learning.course.enrollment.started.v1"] == ["x.Y"]


def request_certificate(user, course_key):
    return CertificateCreationRequested.run_filter(user=user, course_key=CourseKey.from_string(str(course_key)),
                                                   mode="verified", status="downloadable", grade=None,
                                                   generation_mode="batch")


@pytest.fixture
def claimable(enrolled, activity, statement_type, now):
    session = factories.SessionFactory(activity=activity)
    with freeze_time(now):
        api.select_statement_type(enrolled, activity.course_key, statement_type.id)
        api.record_session_claim(enrolled, session.usage_key, "1")
    return enrolled


def test_creation_is_held_until_the_claim_is_finalized(claimable, activity, now):
    with pytest.raises(CertificateCreationRequested.PreventCertificateCreation, match="claim is finalized"):
        request_certificate(claimable, activity.course_key)
    with freeze_time(now):
        api.finalize_claim(claimable, activity.course_key)
    result = request_certificate(claimable, activity.course_key)
    assert result[0] == claimable and result[3] == "downloadable"


def test_creation_passes_for_other_courses_and_when_the_activity_does_not_hold_it(enrolled, activity):
    other = factories.CourseFactory()
    assert request_certificate(enrolled, other.course_key)[0] == enrolled
    activity.gate_certificate = False
    activity.save()
    assert request_certificate(enrolled, activity.course_key)[0] == enrolled


def test_finalizing_asks_the_platform_for_the_course_certificate(claimable, activity, now,
                                                                 django_capture_on_commit_callbacks):
    assert compat.generate_course_certificate(claimable, activity.course_key).queued is False  # held: not final yet
    assert not CourseCertificate.objects.exists()
    with freeze_time(now), django_capture_on_commit_callbacks(execute=True):
        api.finalize_claim(claimable, activity.course_key)
    certificate = CourseCertificate.objects.get()
    assert certificate.user == claimable and certificate.course.course_key == activity.course_key
    assert AuditEvent.objects.filter(action="certificate_requested", details__requested=True).exists()


def test_render_step_answers_with_the_statement_for_a_ce_course(claimable, activity, now):
    with freeze_time(now):
        api.finalize_claim(claimable, activity.course_key)
    code = Statement.objects.get().verification_code
    context = {"course_id": str(activity.course_key), "accomplishment_user_id": claimable.id}
    with pytest.raises(CertificateRenderStarted.RenderCustomResponse) as raised:
        CertificateRenderStarted.run_filter(context=context, custom_template=None)
    body = raised.value.response.content.decode()
    assert code in body and 'data-result="valid"' in body


def test_render_step_passes_other_courses_through(enrolled):
    course = factories.CourseFactory()
    context = {"course_id": str(course.course_key), "accomplishment_user_id": enrolled.id, "other": "kept"}
    assert CertificateRenderStarted.run_filter(context=dict(context), custom_template="t.html") == (context, "t.html")


def test_dev_host_certificate_url_runs_the_render_pipeline(client, claimable, activity, now,
                                                          django_capture_on_commit_callbacks):
    with freeze_time(now), django_capture_on_commit_callbacks(execute=True):
        api.finalize_claim(claimable, activity.course_key)
    page = client.get(f"/certificates/user/{claimable.id}/course/{activity.course_key}")
    assert Statement.objects.get().verification_code in page.content.decode()
    plain = factories.CourseFactory(title="Plain course")
    CourseCertificate.objects.create(user=claimable, course=plain)
    other = client.get(f"/certificates/user/{claimable.id}/course/{plain.course_key}")
    assert "Certificate of completion" in other.content.decode()


def test_a_revoked_lms_certificate_revokes_the_statement(claimable, activity, now):
    with freeze_time(now):
        api.finalize_claim(claimable, activity.course_key)
    CERTIFICATE_REVOKED.send_event(certificate=CertificateData(
        user=UserData(id=claimable.id, is_active=True,
                      pii=UserPersonalData(username=claimable.username, email=claimable.email, name="")),
        course=CourseData(course_key=activity.course_key), mode="verified", grade="0.9",
        current_status="notpassing", download_url="", name=""))
    statement = Statement.objects.get()
    assert statement.revoked_at is not None
    assert statement.revoked_reason == "Course certificate revoked in the LMS (status: notpassing)."
    assert api.get_statement(claimable, activity.course_key) is None
