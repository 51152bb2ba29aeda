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

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.statements import render_pdf
from tests import factories
from tests.helpers import pdf_text
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
            for language in ("en", "eo", "es", "fr"):
                committed = {(e.msgctxt, e.msgid) for e in polib.pofile(
                    str(REPO / folder / f"{language}/LC_MESSAGES/{domain}.po"))}
                assert fresh == committed, (f"{folder}/{language}/{domain}.po differs from the code: "
                                            f"{sorted(fresh - committed)[:3]} {sorted(committed - fresh)[:3]}; "
                                            "run make extract_translations")


# --- Spanish and French --------------------------------------------------------------------------


def _check_catalogs():
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import check_catalogs
    finally:
        sys.path.remove(str(REPO / "scripts"))
    return check_catalogs


def test_spanish_and_french_are_complete_with_valid_formats_and_compiled():
    """Every message of the English sources translated (plugin, block, scripts, dev host), nothing fuzzy, every
    placeholder kept, each .mo current, and msgfmt's own format check passing."""
    check = _check_catalogs()
    assert check.languages() == ["es", "fr"]
    problems = check.all_problems()
    assert not problems, problems[:10]
    assert shutil.which("msgfmt"), "GNU gettext is needed: run `make test-deps`"
    for po in sorted(REPO.glob("ce_plugin/conf/locale/*/LC_MESSAGES/*.po")) + sorted(
            REPO.glob("demo/devhost/locale/*/LC_MESSAGES/*.po")):
        result = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(po)], capture_output=True,
                                text=True)
        assert result.returncode == 0, result.stderr


def test_the_completeness_check_finds_what_is_missing(tmp_path, monkeypatch):
    """The check itself: an untranslated, a fuzzy and a placeholder-losing entry are each reported."""
    check = _check_catalogs()
    source, catalog = tmp_path / "en.po", tmp_path / "es.po"
    english = polib.POFile()
    for msgid in ("One", "Two", "Three %(n)s", "Four"):
        english.append(polib.POEntry(msgid=msgid, msgstr=""))
    english.save(str(source))
    spanish = polib.POFile()
    spanish.append(polib.POEntry(msgid="One", msgstr="Uno"))
    spanish.append(polib.POEntry(msgid="Two", msgstr="Dos", flags=["fuzzy"]))
    spanish.append(polib.POEntry(msgid="Three %(n)s", msgstr="Tres"))
    spanish.save(str(catalog))
    spanish.save_as_mofile(str(catalog.with_suffix(".mo")))
    monkeypatch.setattr(check, "ROOT", tmp_path)
    found = check.problems_of(source, catalog)
    assert any("'Two' is fuzzy" in p for p in found) and any("changes its placeholders" in p for p in found)
    assert any("'Four' is missing" in p for p in found)


STATEMENT_TEXT = {
    "en": ["Statement of credit", "This is to certify that Jordan A. Lee, MD, PhD participated in",
           "Live meeting · 10 June 2026 – 14 June 2026", "10 June 2026 08:00–09:00 EDT Session 0",
           "Total claimed 1.00", "Total: 1.00 AMA PRA Category 1 Credits™",
           "designates this live activity for a maximum of 1.00 AMA PRA", "Issued 16 June 2026"],
    "es": ["Declaración de créditos", "Se certifica que Jordan A. Lee, MD, PhD participó en",
           "Congreso presencial · 10 de junio de 2026 – 14 de junio de 2026",
           "10 de junio de 2026 08:00–09:00 EDT Session 0", "Total solicitado 1,00",
           "Total: 1,00 AMA PRA Category 1 Credits™", "designa esta actividad en vivo para un máximo de 1,00 AMA PRA",
           "Emitida el 16 de junio de 2026 · Código de verificación K7QM-2XRD-9PWA"],
    "fr": ["Attestation de crédits", "Nous attestons que Jordan A. Lee, MD, PhD a participé à",
           "Congrès en présentiel · 10 juin 2026 – 14 juin 2026", "10 juin 2026 08:00–09:00 EDT Session 0",
           "Total demandé 1,00", "Total : 1,00 AMA PRA Category 1 Credits™",
           "désigne cette activité en direct pour un maximum de 1,00 AMA PRA",
           "Émise le 16 juin 2026 · Code de vérification K7QM-2XRD-9PWA"],
}


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_a_statement_prints_in_the_language_it_was_issued_in(db, language):
    """Headings, the designation, dates and figures of the PDF in the snapshot's language, whatever is active."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from statement_sample import snapshot  # the benchmark's physician statement of a real meeting's shape
    with translation.override(language):
        data = snapshot(1)
    assert data["language"] == language
    assert data["statement_type"]["credit_type"]["unit_label"] == "AMA PRA Category 1 Credits™"  # stored neutral
    with translation.override("en" if language != "en" else "fr"):  # rendering later, in another language
        text = pdf_text(render_pdf(data))
    missing = [expected for expected in STATEMENT_TEXT[language] if expected not in text]
    assert not missing, (missing, text[:600])


@pytest.mark.parametrize("language, heading, total", [
    ("es", "Certificado de horas de contacto de enfermería", "Horas de contacto otorgadas: 1,00"),
    ("fr", "Certificat d’heures de contact en soins infirmiers", "Heures de contact attribuées : 1,00"),
])
def test_the_other_designs_print_translated_too(db, language, heading, total):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from statement_sample import snapshot
    with translation.override(language):
        data = snapshot(1)
    data["design"] = "nursing"
    text = pdf_text(render_pdf(data))
    assert heading in text and total in text


def test_a_statement_issued_by_staff_keeps_the_learners_language(enrolled, activity, statement_type, now):
    """A reissue by staff (in their language, or in a worker's) prints in the language of the statement it replaces."""
    from freezegun import freeze_time

    from ce_plugin.models import Statement
    session = factories.SessionFactory(activity=activity, title="Sepsis")
    with freeze_time(now), translation.override("fr"):
        api.select_statement_type(enrolled, activity.course_key, statement_type.id)
        api.record_session_claims(enrolled, activity.course_key, {session.usage_key: "0,75"})
        api.finalize_claim(enrolled, activity.course_key)
    assert Statement.objects.get().snapshot["language"] == "fr"
    admin = factories.UserFactory(username="ce-office", is_staff=True)
    with translation.override("en"):
        api.issue_staff_statement(admin, enrolled, activity.course_key, statement_type.id,
                                  [(session.usage_key, "0.5")], "Corrected credits")
    current = Statement.objects.get(revoked_at__isnull=True)
    assert current.snapshot["language"] == "fr" and current.snapshot["total"] == "0.50"
    assert "Total : 0,50" in pdf_text(render_pdf(current.snapshot))


def test_pull_translations_merges_what_openedx_translations_holds_over_the_bundled_catalogs(tmp_path):
    """
    ``make pull_translations`` (scripts/pull_translations) with a stand-in for ``atlas pull``: a language it brings
    takes its translations over ours, ours fill what it lacks, entries no longer in the source are dropped, a new
    language is added and the English source is left alone.
    """
    assert shutil.which("msgmerge"), "GNU gettext is needed: run `make test-deps`"
    locale = tmp_path / "locale"
    shutil.copytree(REPO / "ce_plugin/conf/locale", locale)
    pulled = tmp_path / "upstream"
    spanish = polib.POFile()
    spanish.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
    spanish.append(polib.POEntry(msgid="Claim credits", msgstr="Reclamar créditos"))
    spanish.append(polib.POEntry(msgid="Save my credits", msgstr=""))  # untranslated in Transifex
    spanish.append(polib.POEntry(msgid="A string the code no longer has", msgstr="Obsoleta"))
    german = polib.POFile()
    german.metadata = dict(spanish.metadata, Language="de")
    german.append(polib.POEntry(msgid="Claim credits", msgstr="Credits beantragen"))
    for language, catalog in (("es", spanish), ("de", german)):
        (pulled / language / "LC_MESSAGES").mkdir(parents=True)
        catalog.save(str(pulled / language / "LC_MESSAGES" / "django.po"))
    atlas = tmp_path / "bin" / "atlas"
    atlas.parent.mkdir()
    atlas.write_text(f"#!/bin/sh\necho \"$@\" > {tmp_path}/atlas-args\n"
                     f"target=$(echo \"$@\" | sed 's/.*://')\ncp -r {pulled} \"$target\"\n")
    atlas.chmod(0o755)
    english_before = (locale / "en/LC_MESSAGES/django.po").read_bytes()
    env = {"PATH": f"{atlas.parent}:/usr/bin:/bin"}
    subprocess.run([str(REPO / "scripts/pull_translations"), str(locale), "--revision=release/verawood"],
                   env=env, check=True, capture_output=True)
    args = (tmp_path / "atlas-args").read_text()
    assert "--expand-glob" in args and "--revision=release/verawood" in args
    assert "translations/*/ce_plugin/conf/locale:" in args
    merged = polib.pofile(str(locale / "es/LC_MESSAGES/django.po"))
    assert merged.find("Claim credits").msgstr == "Reclamar créditos"
    assert merged.find("Save my credits").msgstr == "Guardar mis créditos"  # ours, where Transifex has none
    assert merged.find("A string the code no longer has") is None
    assert not [e for e in merged if not e.translated() and not e.obsolete]
    assert polib.pofile(str(locale / "de/LC_MESSAGES/django.po")).find("Claim credits").msgstr == "Credits beantragen"
    assert (locale / "en/LC_MESSAGES/django.po").read_bytes() == english_before
    assert polib.pofile(str(locale / "fr/LC_MESSAGES/django.po")).find("Claim credits").msgstr == (
        "Demander des crédits")  # a language it did not bring: as it was
    # Nothing held for the plugin (atlas still creates the folder): nothing changes.
    shutil.rmtree(pulled)
    pulled.mkdir()
    before = {path: path.read_bytes() for path in locale.rglob("*.po")}
    done = subprocess.run([str(REPO / "scripts/pull_translations"), str(locale)], env=env, check=True,
                          capture_output=True, text=True)
    assert "nothing changed" in done.stdout and {path: path.read_bytes() for path in locale.rglob("*.po")} == before
