"""Learner-facing text is marked for translation (Python, templates, JS) and the catalogs are complete."""
import os
import re
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


def test_the_js_catalog_prefers_translations_the_platform_pulled(client, db, tmp_path, settings):
    """Catalogs pulled by the platform (``conf/plugins-locale/plugins/ce_plugin`` in LOCALE_PATHS) win over ours."""
    pulled = tmp_path / "plugins-locale" / "plugins" / "ce_plugin" / "eo" / "LC_MESSAGES"
    pulled.mkdir(parents=True)
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "eo"}
    catalog.append(polib.POEntry(msgid="Your credits were saved.", msgstr="Pulled: saved."))
    catalog.save_as_mofile(str(pulled / "djangojs.mo"))
    settings.LOCALE_PATHS = [str(tmp_path / "elsewhere"), str(pulled.parent.parent)]
    text = client.get(reverse("ce_plugin:jsi18n"), HTTP_ACCEPT_LANGUAGE="eo").content.decode()
    assert '"Your credits were saved.": "Pulled: saved."' in text
    assert '"Not saved": "[N\\u00f8t s\\u00e0v\\u00e9d]"' in text  # the bundled catalog for the rest


def test_the_dev_hosts_header_is_translated(client, enrolled):
    """The dev host's own strings (its header, around every CE page) come from its own catalogs."""
    client.force_login(enrolled)
    page = client.get(reverse("ce_plugin:transcript"), HTTP_ACCEPT_LANGUAGE="eo").content.decode()
    header = page.split('<header class="devhost-header">', 1)[1].split("</header>", 1)[0]
    assert "[CÉ Pørtàl dév høst]" in header and "[Sîgn øüt]" in header and "[My CÉ àctîvîtîés]" in header
    assert "Sign out" not in header


def _clean_copy(tmp_path):
    """The tree as a clone has it (links kept as links), without the virtualenvs and build output."""
    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "node_modules", "build", "dist", "*.egg-info", "__pycache__", ".hypothesis", ".*cache"))
    return copy


@pytest.mark.slow
def test_extraction_runs_as_openedx_translations_does_and_the_catalogs_hold_every_marked_string(tmp_path):
    """
    ``make extract_translations`` as openedx-translations' workflow runs it (its own django-admin on PATH,
    ``IS_OPENEDX_TRANSLATIONS_WORKFLOW`` set) leaves one ``conf/locale/en`` for the workflow to take, holding every
    marked string, which the committed catalogs hold too (plugin and dev host).
    """
    assert shutil.which("xgettext"), "GNU gettext is needed: run `make test-deps`"
    copy = _clean_copy(tmp_path)
    for po in copy.glob("ce_plugin/conf/locale/en/LC_MESSAGES/*.po"):
        po.unlink()
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "IS_OPENEDX_TRANSLATIONS_WORKFLOW": "yes"}
    subprocess.run(["make", "extract_translations"], cwd=copy, env=env, check=True, capture_output=True)
    # The workflow's search: find . -type d -not -path '*/.*' -regex ".+conf/locale/en$" (links not followed).
    found = [Path(root).relative_to(copy) for root, dirs, _files in os.walk(copy)
             if not any(part.startswith(".") for part in Path(root).relative_to(copy).parts)
             and re.search(r".+conf/locale/en$", root)]
    assert found == [Path("ce_plugin/conf/locale/en")]
    for folder, domains in (("ce_plugin/conf/locale", ("django", "djangojs")), ("demo/devhost/locale", ("django",))):
        for domain in domains:
            fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / folder / f"en/LC_MESSAGES/{domain}.po"))}
            assert len(fresh) > 10, (folder, domain)
            for language in ("en", "eo"):
                committed = {(e.msgctxt, e.msgid) for e in polib.pofile(
                    str(REPO / folder / f"{language}/LC_MESSAGES/{domain}.po"))}
                assert fresh == committed, (f"{folder}/{language}/{domain}.po differs from the code: "
                                            f"{sorted(fresh - committed)[:3]} {sorted(committed - fresh)[:3]}; "
                                            "run make extract_translations")
