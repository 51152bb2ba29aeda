"""Packaging for CE Portal for Open edX (distribution ``openedx-ce-portal``).

Two Python packages ship in one distribution:

* ``ce_xblock`` - the CE Session XBlock (entry point ``xblock.v1``: ``ce_session``);
* ``ce_plugin`` - the Django app loaded by the LMS and Studio through the
  edx-django-utils plugin entry points (``lms.djangoapp`` / ``cms.djangoapp``).

The top-level ``static/`` folder is reached from inside ``ce_plugin`` through the link
``ce_plugin/static`` (ADR 0011); the catalogs live in ``ce_plugin/conf/locale``, where the Open edX
translation pipeline looks for them (OEP-58, ADR 0018), and reach Django through the link
``ce_plugin/locale``. So a wheel, a wheel built from the sdist and an editable install all carry them
where Django's app directories finders, the LMS's ``collectstatic`` and its translation machinery look,
with no settings edit. ``ce_plugin/conf`` itself is not packaged: its catalogs ship once, as
``ce_plugin/locale``.
"""
import os
import re

from setuptools import setup

HERE = os.path.dirname(os.path.abspath(__file__))


def read(*parts):
    with open(os.path.join(HERE, *parts), encoding="utf-8") as handle:
        return handle.read()


def version():
    match = re.search(r'^__version__ = ["\']([^"\']+)["\']', read("ce_plugin", "__init__.py"), re.M)
    return match.group(1)


def requirements(path):
    """Read an ``.in`` file: drop comments, ``-c``/``-r`` lines and blanks."""
    lines = []
    for line in read(path).splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            lines.append(line)
    return lines


def folders_as_packages(package, skip=()):
    """
    Every folder below ``package`` (data folders, and those reached through links, included) as a package name,
    except the folders ``skip`` names (relative to the package).
    """
    found = []
    for root, dirs, _files in os.walk(os.path.join(HERE, package), followlinks=True):
        relative = os.path.relpath(root, os.path.join(HERE, package))
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith(".")
                         and os.path.normpath(os.path.join(relative, d)) not in skip)
        found.append(package if relative == "." else package + "." + relative.replace(os.sep, "."))
    return found


PACKAGES = folders_as_packages("ce_plugin", skip=("conf",)) + folders_as_packages("ce_xblock")

setup(
    name="openedx-ce-portal",
    version=version(),
    description="Continuing-education (CE/CME) credit claiming, evaluations and statements of credit for Open edX",
    long_description=read("README.rst"),
    long_description_content_type="text/x-rst",
    license="AGPL-3.0",
    python_requires=">=3.11",
    packages=PACKAGES,
    package_data={package: ["*"] for package in PACKAGES},
    install_requires=requirements("requirements/base.in"),
    entry_points={
        "xblock.v1": ["ce_session = ce_xblock.block:CESessionBlock"],
        "lms.djangoapp": ["ce_plugin = ce_plugin.apps:CEPluginConfig"],
        "cms.djangoapp": ["ce_plugin = ce_plugin.apps:CEPluginConfig"],
        "openedx.course_tab": ["ce_credit = ce_plugin.course_tab:CECreditTab"],
    },
    zip_safe=False,
    classifiers=[
        "Framework :: Django",
        "Framework :: Django :: 5.2",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
    ],
)
