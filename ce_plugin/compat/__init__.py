"""
The only door to edx-platform.

Every call the plugin makes into the LMS or Studio goes through the functions below. They
delegate to a backend module chosen by the ``CE_PLATFORM_BACKEND`` setting, read at call time:

* ``openedx`` (the default, inside the LMS and Studio): :mod:`ce_plugin.compat.openedx`, lazy
  imports of the platform's own APIs;
* any other value is the dotted path of a module offering the same functions, such as the dev
  host's stand-in platform (``demo/devhost_platform/backend.py``), which is not part of this package.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import import_module

from django.conf import settings

BACKENDS = {
    "openedx": "ce_plugin.compat.openedx",
}


@dataclass(frozen=True)
class CourseInfo:
    """What the plugin needs to know about a course run."""

    course_key: str
    title: str
    start: datetime | None
    end: datetime | None


def course_tab_base():
    """
    The platform's ``xmodule.tabs.CourseTab`` inside the LMS and Studio, else the backend's ``CourseTab``.

    Called when the tab class is defined. The platform loads ``openedx.course_tab`` entry points
    only once Django is set up (``xmodule/tabs.py`` ``CourseTabPluginManager``), so settings are
    readable then; the platform's class is still preferred wherever it can be imported.
    """
    try:
        from xmodule.tabs import CourseTab  # pylint: disable=import-outside-toplevel
    except ImportError:
        return backend().CourseTab
    return CourseTab


@dataclass(frozen=True)
class CertificateRequest:
    """
    What the platform did when asked for a learner's course certificate.

    ``queued``: a certificate is being generated. ``status``: the learner's certificate status as the
    platform records it right after the request (``""`` when there is no certificate record), e.g.
    ``notpassing`` or ``unverified`` when the platform recorded why it generates none. ``refused``:
    the platform's reason when it refused (a filter step held the certificate, or the learner is
    not eligible), else ``""``.
    """

    queued: bool
    status: str = ""
    refused: str = ""


def backend():
    """The backend module named by ``settings.CE_PLATFORM_BACKEND``."""
    name = getattr(settings, "CE_PLATFORM_BACKEND", "openedx")
    return import_module(BACKENDS.get(name, name))


def is_enrolled(user, course_key) -> bool:
    """True when ``user`` has an active enrollment in the course run ``course_key``."""
    return bool(user is not None and user.is_authenticated and backend().is_enrolled(user, course_key))


def enrolled_course_keys(user) -> list:
    """``CourseKey``s of the course runs ``user`` is actively enrolled in."""
    if user is None or not user.is_authenticated:
        return []
    return list(backend().enrolled_course_keys(user))


def unit_url(course_key, usage_key) -> str:
    """The URL that opens the unit holding ``usage_key`` in the learner's courseware."""
    return backend().unit_url(course_key, usage_key)


def unit_urls(course_key, usage_keys) -> dict:
    """
    ``{usage key: unit_url}`` for many units at once (a page of a meeting's sessions).

    The URL of each unit holds its key as it is (``jump_to`` in the LMS), so one URL is reversed and
    the others follow its pattern; a backend whose URLs do not is asked for each.
    """
    keys = [str(key) for key in usage_keys]
    if not keys:
        return {}
    first = unit_url(course_key, keys[0])
    prefix, found, suffix = first.partition(keys[0])
    if not found:
        return {key: unit_url(course_key, key) for key in keys}
    return {key: f"{prefix}{key}{suffix}" for key in keys}


def course_about_urls(course_keys) -> dict:
    """``{str(course key): URL}`` of each course's about page, where learners enroll (one query for a page)."""
    keys = list(course_keys)
    return {str(key): url for key, url in backend().course_about_urls(keys).items()} if keys else {}


def is_course_staff(user, course_key) -> bool:
    """True when ``user`` is global staff or staff/instructor of ``course_key``."""
    return bool(user is not None and user.is_authenticated and backend().is_course_staff(user, course_key))


def get_user_full_name(user) -> str:
    """The learner's full name as the platform knows it (profile name), else the username."""
    return backend().get_user_full_name(user) or user.get_username()


def get_full_names(user_ids) -> dict:
    """``{user_id: full name}`` for many learners at once (one query), for reports and exports."""
    return dict(backend().get_full_names(list(user_ids)))


def get_course_info(course_key) -> CourseInfo | None:
    """Title and dates of the course run, or ``None`` when the platform has no such course."""
    return backend().get_course_info(course_key)


def published_blocks(course_key, block_type) -> list:
    """The published XBlocks of ``block_type`` in the course, as block instances (Studio side)."""
    return list(backend().published_blocks(course_key, block_type))


def completed_units(user, course_key, usage_keys) -> set:
    """
    The CE Session blocks of ``usage_keys`` (as strings) whose unit's other content ``user`` has completed, as
    the platform's completion tracking records it; empty when it does not track completion.
    """
    keys = [str(key) for key in usage_keys]
    if not keys or user is None or not user.is_authenticated:
        return set()
    return {str(key) for key in backend().completed_units(user, course_key, keys)}


def generate_course_certificate(user, course_key) -> CertificateRequest:
    """Ask the platform to (re)generate the learner's course certificate, and say what it did."""
    return backend().generate_course_certificate(user, course_key)
