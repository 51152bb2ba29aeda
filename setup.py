"""Packaging for CE Portal for Open edX (distribution ``openedx-ce-portal``).

Two Python packages ship in one distribution:

* ``ce_xblock`` - the CE Session XBlock (entry point ``xblock.v1``: ``ce_session``);
* ``ce_plugin`` - the Django app loaded by the LMS and Studio through the
  edx-django-utils plugin entry points (``lms.djangoapp`` / ``cms.djangoapp``).

The top-level ``static/`` and ``locale/`` folders are reached from inside ``ce_plugin``
through the links ``ce_plugin/static`` and ``ce_plugin/locale`` (ADR 0011), so a wheel, a wheel
built from the sdist and an editable install all carry them where Django's app directories
finders, the LMS's ``collectstatic`` and its translation machinery look, with no settings edit.
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


def folders_as_packages(package):
    """Every folder below ``package`` (data folders, and those reached through links, included) as a package name."""
    found = []
    for root, dirs, _files in os.walk(os.path.join(HERE, package), followlinks=True):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        relative = os.path.relpath(root, os.path.join(HERE, package))
        found.append(package if relative == "." else package + "." + relative.replace(os.sep, "."))
    return found


PACKAGES = folders_as_packages("ce_plugin") + folders_as_packages("ce_xblock")

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
