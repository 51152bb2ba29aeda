"""Learner-facing text is marked for translation (Python, templates, JS) and the catalogs are complete."""
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from ce_plugin import exceptions as errors
from tests import factories
from tests.test_block import add_block, render

REPO = Path(__file__).resolve().parent.parent


def test_domain_errors_are_translated():
    with translation.override("eo"):
        assert str(errors.StatementTypeRequired().message) == "[Séléct yøür stàtémént øf crédît fîrst.]"


def test_block_text_is_translated(enrolled, activity, statement_type):
    key = add_block(activity, "talk1", factories.MEETING_START)
    with translation.override("eo"):
        html = render(enrolled, key)
    assert "[Léàrnîng øbjéctîvés]" in html
    assert "Learning objectives" not in html


@pytest.mark.parametrize("view, text", [("student_view", "Thank you: your evaluation has been submitted."),
                                        ("studio_view", "Choices (one per line)")])
def test_block_scripts_load_the_translation_catalog_first(client, enrolled, activity, statement_type, view, text):
    from devhost_platform.runtime import DevRuntime
    key = add_block(activity, "talk1", factories.MEETING_START)
    runtime = DevRuntime(enrolled)
    fragment = runtime.render(runtime.get_block(key), view)
    scripts = [(r.kind, r.data) for r in fragment.resources if r.mimetype == "application/javascript"]
    assert scripts[0] == ("url", reverse("ce_plugin:jsi18n")) and len(scripts) == 2  # catalog, then the block's JS
    catalog = client.get(scripts[0][1], HTTP_ACCEPT_LANGUAGE="eo").content.decode()
    assert f"gettext('{text}')" in scripts[1][1] and f'"{text}": "[' in catalog  # the view's string, translated


def test_block_prefers_the_runtimes_catalog_when_the_site_pulled_translations(enrolled, activity, statement_type):
    from devhost_platform.runtime import DevRuntime
    key = add_block(activity, "talk1", factories.MEETING_START)
    runtime = DevRuntime(enrolled)
    block = runtime.get_block(key)
    service = runtime.service(block, "i18n")
    service.get_javascript_i18n_catalog_url = lambda block: "/static/js/xblock.v1-i18n/CESessionI18N/eo.js"
    runtime.service = lambda block, name: service if name == "i18n" else DevRuntime.service(runtime, block, name)
    fragment = runtime.render(block, "student_view")
    assert [r.data for r in fragment.resources if r.kind == "url"] == ["/static/js/xblock.v1-i18n/CESessionI18N/eo.js"]


def test_wizard_pages_and_js_catalog_are_translated(client, enrolled, activity, statement_type):
    client.force_login(enrolled)
    page = client.get(reverse("ce_plugin:statement", args=[str(activity.course_key)]),
                      HTTP_ACCEPT_LANGUAGE="eo").content.decode()
    assert "[Séléct yøür stàtémént øf crédît]" in page and "[Sàvé ànd cøntînüé]" in page
    assert "Save and continue" not in page
    catalog = client.get(reverse("ce_plugin:jsi18n"), HTTP_ACCEPT_LANGUAGE="eo").content.decode()
    assert '"Your credits were saved.": "[Y\\u00f8\\u00fcr cr\\u00e9d\\u00eets' in catalog


@pytest.mark.slow
def test_the_catalogs_hold_every_marked_string(tmp_path):
    """Extract the strings afresh with makemessages (GNU gettext) and compare with the committed catalogs."""
    assert shutil.which("xgettext"), "GNU gettext is needed: run `make test-deps`"
    for name in ("ce_plugin", "ce_xblock", "static"):
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "locale").mkdir()
    admin = [sys.executable, "-m", "django", "makemessages", "-l", "en"]
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": ""}
    subprocess.run(admin, cwd=tmp_path, env=env, check=True, capture_output=True)
    subprocess.run(admin + ["-d", "djangojs"], cwd=tmp_path, env=env, check=True, capture_output=True)
    for domain in ("django", "djangojs"):
        fresh = {entry.msgid for entry in polib.pofile(str(tmp_path / f"locale/en/LC_MESSAGES/{domain}.po"))}
        for language in ("en", "eo"):
            committed = polib.pofile(str(REPO / f"locale/{language}/LC_MESSAGES/{domain}.po"))
            missing = fresh - {entry.msgid for entry in committed}
            assert not missing, f"{language}/{domain}.po lacks {sorted(missing)[:5]}: run make extract_translations"
            if language == "eo":
                untranslated = [e.msgid for e in committed if e.msgid in fresh and not (e.msgstr or e.msgstr_plural)]
                assert not untranslated, untranslated[:5]
