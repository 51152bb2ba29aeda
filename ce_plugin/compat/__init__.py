"""
The only door to edx-platform.

Every call the plugin makes into the LMS or Studio goes through the functions below. They
delegate to a backend module chosen by the ``CE_PLATFORM_BACKEND`` setting, read at call time:

* ``openedx`` (default inside the LMS/Studio): :mod:`ce_plugin.compat.openedx`, lazy imports
  of the platform's own APIs;
* ``standalone``: :mod:`ce_plugin.compat.standalone.backend`, real code over the dev host's
  own course, enrollment and role tables (the ``ce_standalone`` app);
* any other value is taken as the dotted path of a module offering the same functions.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import import_module

from django.conf import settings

BACKENDS = {
    "openedx": "ce_plugin.compat.openedx",
    "standalone": "ce_plugin.compat.standalone.backend",
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
    The platform's ``xmodule.tabs.CourseTab`` inside the LMS and Studio, else the dev host's stand-in.

    Called when the tab class is defined, before settings may be read, so it does not go through
    the settings-chosen backend: the platform's class is used wherever it can be imported.
    """
    try:
        from xmodule.tabs import CourseTab  # pylint: disable=import-outside-toplevel
    except ImportError:
        from ce_plugin.compat.standalone.tabs import CourseTab  # pylint: disable=import-outside-toplevel
    return CourseTab


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


def generate_course_certificate(user, course_key) -> bool:
    """Ask the platform to (re)generate the learner's course certificate; True when it was requested."""
    return backend().generate_course_certificate(user, course_key)
