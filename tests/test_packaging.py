"""
Every way an operator installs the plugin ships it whole: a wheel, a wheel built from the sdist, and an
editable install (Tutor's mounted development mode). Each is installed into a clean virtual environment,
where Django must find the static files and the translations as the LMS would.
"""
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

# What a clean clone holds, minus what the distribution leaves out anyway; links are kept as links.
SKIP = shutil.ignore_patterns(".git", ".venv*", "*.egg-info", "build", "dist", "__pycache__", ".hypothesis",
                              ".pytest_cache", ".ruff_cache", "demo", "tests", "benchmarks")

# Run inside the clean environment: Django configured with the plugin app only, as the LMS loads it.
CHECK = """
import json, sys
import django
from django.conf import settings
settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.staticfiles", "ce_plugin"],
    USE_I18N=True, LANGUAGE_CODE="en", STATIC_URL="/static/",
    LANGUAGES=[("en", "English"), ("es", "Spanish"), ("fr", "French"), ("eo", "Esperanto")],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
)
django.setup()
import importlib.metadata as metadata
import ce_plugin, ce_xblock.block
from ce_plugin.assets import read_static
from django.contrib.staticfiles import finders
from django.utils import translation
translated = {}
for language in ("eo", "es", "fr"):
    with translation.override(language):
        translated[language] = translation.gettext("CE Credit")
print(json.dumps({
    "module": ce_plugin.__file__,
    "static": [finders.find(name) for name in ("ce_plugin/css/ce_pages.css", "ce_xblock/js/ce_session.js",
                                               "ce_plugin/fonts/DejaVuSans.ttf")],
    "block_js": len(read_static("ce_xblock/js/ce_session.js")),
    "translated": translated,
    "lms_entry": sorted(e.value for e in metadata.entry_points(group="lms.djangoapp") if e.name == "ce_plugin"),
}))
"""


def run(*args, **kwargs):
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A copy of the tree as a clone has it, so builds leave nothing beside the real sources."""
    copy = tmp_path_factory.mktemp("source") / "src"
    shutil.copytree(REPO, copy, ignore=SKIP, symlinks=True)
    return copy


def build_wheel(source, out):
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", out, source)
    (built,) = Path(out).glob("openedx_ce_portal-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel(source, tmp_path_factory):
    return build_wheel(source, tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def sdist(source, tmp_path_factory):
    out = tmp_path_factory.mktemp("sdist")
    run(sys.executable, "-m", "build", "--sdist", "--no-isolation", "-o", out, source)
    (built,) = out.glob("openedx_ce_portal-*.tar.gz")
    return built


def dependencies_only(folder):
    """
    This interpreter's installed packages, as links in ``folder``, without this project's own install.

    The checkout's editable install leaves an import hook module of a fixed name in site-packages; on
    the clean venv's ``PYTHONPATH`` it would shadow the hook of the install under test.
    """
    folder.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.startswith(("__editable__", "openedx_ce_portal", "ce_plugin", "ce_xblock")):
            (folder / entry.name).symlink_to(entry)
    return folder


def installed_check(tmp_path, *install_args):
    """Install into a new venv (dependencies from this interpreter, on PYTHONPATH) and run :data:`CHECK` there."""
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    # The build back-end (setuptools) and every dependency come from this interpreter's site-packages.
    env = dict(os.environ, PYTHONPATH=str(dependencies_only(tmp_path / "deps")), DJANGO_SETTINGS_MODULE="")
    run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", *install_args, env=env)
    result = run(python, "-c", CHECK, cwd=tmp_path, env=env)
    return json.loads(result.stdout.strip().splitlines()[-1])


def assert_complete(found, module_root):
    assert found["module"].startswith(str(module_root)), found["module"]
    assert all(path and Path(path).is_file() for path in found["static"]), found["static"]
    assert found["block_js"] > 0
    assert found["translated"] == {"eo": "[CÉ Crédît]", "es": "Créditos FC", "fr": "Crédits FC"}
    assert found["lms_entry"] == ["ce_plugin.apps:CEPluginConfig"]


def wheel_names(path):
    return set(zipfile.ZipFile(path).namelist())


def test_wheel_contains_templates_assets_catalogs_and_migrations(wheel):
    names = wheel_names(wheel)
    expected = [
        "ce_plugin/templates/ce_plugin/wizard/claim.html",
        "ce_xblock/templates/student_view.html",
        "ce_plugin/static/ce_xblock/js/ce_session.js",
        "ce_plugin/static/ce_xblock/css/ce_session.css",
        "ce_plugin/static/ce_plugin/css/ce_pages.css",
        "ce_plugin/static/ce_plugin/css/statement.css",
        "ce_plugin/static/ce_plugin/fonts/DejaVuSans.ttf",
        "ce_plugin/static/ce_plugin/js/claim.js",
        "ce_plugin/templates/ce_plugin/statements/base.html",
        "ce_plugin/templates/ce_plugin/statements/nursing.html",
        "ce_plugin/locale/en/LC_MESSAGES/django.po",
        "ce_plugin/locale/en/LC_MESSAGES/django.mo",
        "ce_plugin/locale/eo/LC_MESSAGES/django.mo",
        "ce_plugin/locale/es/LC_MESSAGES/django.mo",
        "ce_plugin/locale/es/LC_MESSAGES/djangojs.mo",
        "ce_plugin/locale/fr/LC_MESSAGES/django.mo",
        "ce_plugin/locale/fr/LC_MESSAGES/djangojs.mo",
        "ce_plugin/migrations/0001_initial.py",
        "ce_plugin/migrations/0002_default_credit_types.py",
        "ce_plugin/compat/openedx.py",
    ]
    missing = [name for name in expected if name not in names]
    assert not missing, missing
    # The catalogs once, where Django finds them (ce_plugin/conf/locale is their home in the repository only).
    assert not any(name.startswith("ce_plugin/conf/") for name in names)
    # The product only: no tests, no dev host and none of its stand-in platform.
    assert not any(name.startswith(("tests/", "demo/", "devhost", "ce_plugin/compat/standalone")) for name in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "ce_session = ce_xblock.block:CESessionBlock" in text
    assert text.count("ce_plugin = ce_plugin.apps:CEPluginConfig") == 2
    assert "ce_credit = ce_plugin.course_tab:CECreditTab" in text


def test_wheel_installs_and_serves_static_files_and_translations(wheel, tmp_path):
    assert_complete(installed_check(tmp_path, wheel), tmp_path / "venv")


def test_sdist_builds_the_same_wheel(sdist, wheel, tmp_path):
    with tarfile.open(sdist) as archive:
        members = archive.getnames()
        archive.extractall(tmp_path / "unpacked", filter="data")
    assert any(name.endswith("/requirements/base.in") for name in members)
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    rebuilt = build_wheel(unpacked, tmp_path / "wheel")

    def product(path):
        return {name for name in wheel_names(path) if name.startswith(("ce_plugin/", "ce_xblock/"))}

    assert product(rebuilt) == product(wheel)
    assert_complete(installed_check(tmp_path, rebuilt), tmp_path / "venv")


def test_editable_install_serves_static_files_and_translations(source, tmp_path):
    """``pip install -e`` (Tutor's mounted development mode): Django finds the files in the checkout itself."""
    assert_complete(installed_check(tmp_path, "-e", source), source)
