"""
openedx-filters pipeline steps that tie the LMS certificate to the CE claim.

Configured by ``plugin_settings`` (``ce_plugin/settings/common.py``) in ``OPEN_EDX_FILTERS_CONFIG``,
so no operator edit is needed. Targets openedx-filters 2.x (Ulmo) and 3.x (Verawood): the classes,
filter types and exceptions used here are the same in both, and so are the call sites in
openedx-platform master and release/ulmo:

* ``lms/djangoapps/certificates/generation_handler.py`` runs
  ``CertificateCreationRequested.run_filter(user, course_key, mode, status, grade, generation_mode)``
  and turns ``PreventCertificateCreation`` into "certificate not generated";
* ``lms/djangoapps/certificates/views/webview.py`` ``render_html_view`` runs
  ``CertificateRenderStarted.run_filter(context, custom_template)`` and returns
  ``RenderCustomResponse.response`` as the page.
"""
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openedx_filters import PipelineStep
from openedx_filters.learning.filters import CertificateCreationRequested, CertificateRenderStarted

from ce_plugin import api
from ce_plugin import exceptions as errors

CREATION_FILTER = "org.openedx.learning.certificate.creation.requested.v1"
RENDER_FILTER = "org.openedx.learning.certificate.render.started.v1"


class HoldCertificateUntilClaimFinalized(PipelineStep):
    """Prevent the course certificate of a CE activity until the learner's claim is finalized (per activity)."""

    def run_filter(self, user, course_key, mode, status, grade, generation_mode):  # pylint: disable=arguments-differ
        try:
            activity = api.get_activity(course_key)
        except errors.NotFoundError:
            return {}
        if not activity.gate_certificate:
            return {}
        claim = api.get_claim(user, course_key)
        if claim is None or not claim.is_finalized:
            raise CertificateCreationRequested.PreventCertificateCreation(
                _("The certificate of this course is issued once your continuing-education claim is finalized."))
        return {}


class RenderStatementAtCertificateURL(PipelineStep):
    """Answer the LMS certificate URL of a CE course with the learner's statement of credit."""

    def run_filter(self, context, custom_template):  # pylint: disable=arguments-differ
        course_id, user_id = context.get("course_id"), context.get("accomplishment_user_id")
        user = get_user_model().objects.filter(id=user_id).first() if user_id else None
        statement = None
        if user is not None and course_id and api.is_ce_course(course_id):
            statement = api.get_statement(user, course_id)
        if statement is None:
            return {"context": context, "custom_template": custom_template}
        html = render_to_string("ce_plugin/verify.html", {
            "base_template": "ce_plugin/page_base.html", "statement": statement, "s": statement.snapshot,
            "code": statement.verification_code})
        raise CertificateRenderStarted.RenderCustomResponse(
            message=_("The statement of credit answers this course's certificate."), response=HttpResponse(html))
