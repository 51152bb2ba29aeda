"""
CE pages and statements under template engines set up as the LMS and Studio set theirs up.

The dev host's settings model both platform quirks (``demo/devhost/template_loaders.py``,
``demo/devhost_project/settings.py``): its Django engine hands out nameless templates, as
edxmako's loaders do, and a second, non-Django engine alone sees a ``main_django.html``, as
Studio's Mako ``preview`` engine alone sees the LMS's.
"""
import pytest
from django.template import engines
from django.urls import reverse

from ce_plugin import api, statements
from ce_plugin.models import Statement
from tests import factories
from tests.helpers import pdf_text
from tests.test_records import finalize

LMS_CHROME = "lms-chrome-marker"


def test_the_dev_host_engine_hands_out_nameless_templates_as_the_lms_does():
    template = engines["django"].get_template("ce_plugin/statements/physician.html")
    assert template.template.name is None
    with pytest.raises(Exception):  # noqa: B017 - whatever the loader raises, a nameless template cannot be found again
        engines["django"].get_template(template.template.name)


def test_statement_html_and_pdf_render_from_nameless_templates(enrolled, activity, statement_type, now):
    session = factories.SessionFactory(activity=activity, title="Rapid diagnostics")
    finalize(enrolled, activity, statement_type, {session: "0.75"}, now)
    snapshot = Statement.objects.get().snapshot
    html = statements.render_html(snapshot)
    assert "Rapid diagnostics" in html and snapshot["verification_code"] in html
    text = pdf_text(api.get_statement_file(enrolled, activity.course_key).content)
    assert "Rapid diagnostics" in text and "Annual Meeting" in text and "0.75" in text


@pytest.fixture
def studio_base(settings):
    """Studio: ``CE_BASE_TEMPLATE`` keeps its default, ``main_django.html``, seen only by the non-Django engine."""
    settings.CE_BASE_TEMPLATE = "main_django.html"
    assert engines["preview"].get_template("main_django.html")


@pytest.fixture
def lms_base(settings, tmp_path):
    """The LMS: the Django engine itself has a ``main_django.html`` (header, footer, theme)."""
    (tmp_path / "main_django.html").write_text(
        '<!DOCTYPE html><html><body><header>' + LMS_CHROME + '</header>{% block body %}{% endblock %}</body></html>')
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0] = {**templates[0], "DIRS": [str(tmp_path)]}
    settings.TEMPLATES = templates
    settings.CE_BASE_TEMPLATE = "main_django.html"


STAFF_PAGES = ["staff-settings", "staff-codes", "staff-claims", "staff-evaluations", "staff-exports"]
LEARNER_PAGES = ["activity", "statement", "claim", "summary"]


def _get(client, name, activity):
    return client.get(reverse(f"ce_plugin:{name}", args=[str(activity.course_key)]))


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_course_team_pages_open_where_only_another_engine_has_the_base_template(client, instructor, activity,
                                                                                  studio_base, name):
    client.force_login(instructor)
    response = _get(client, name, activity)
    assert response.status_code == 200
    assert "devhost-header" not in response.content.decode()  # the plugin's own plain page


@pytest.mark.parametrize("name", LEARNER_PAGES)
def test_learner_pages_open_where_only_another_engine_has_the_base_template(client, enrolled, activity,
                                                                            statement_type, studio_base, name):
    client.force_login(enrolled)
    response = _get(client, name, activity)
    assert response.status_code in (200, 302)
    assert response.status_code == 302 or "<html" in response.content.decode()


def test_pages_extend_the_base_template_of_their_own_engine(client, enrolled, instructor, activity, lms_base):
    client.force_login(instructor)
    assert LMS_CHROME in _get(client, "staff-settings", activity).content.decode()
    client.force_login(enrolled)
    assert LMS_CHROME in _get(client, "activity", activity).content.decode()
    assert LMS_CHROME in client.get(reverse("ce_plugin:transcript")).content.decode()
    assert LMS_CHROME in client.get(reverse("ce_plugin:verify-form")).content.decode()
