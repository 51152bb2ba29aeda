"""Shared fixtures.

Sections: accounts and courses; a CE activity ready to claim; database state snapshots.
"""
import os
from datetime import timedelta

import pytest
from django.apps import apps

from ce_plugin import api
from tests import factories

# --- passes ------------------------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    """
    Races marked ``rowlocks`` belong to the MariaDB pass: SQLite has no row locks, so on SQLite they are
    deselected (reported as such), not run and not skipped.
    """
    from django.conf import settings
    if "sqlite" not in settings.DATABASES["default"]["ENGINE"]:
        return
    kept = [item for item in items if item.get_closest_marker("rowlocks") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


# --- isolation ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttling counters and cached figures live in the cache: start each test with an empty one."""
    from django.core.cache import cache
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """
    Each test starts in the site's language: a request's LocaleMiddleware leaves the language it chose active in
    the thread, where the next test's fixtures would otherwise run in it.
    """
    from django.utils import translation
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _environment_left_as_found():
    """
    No test may change the dev host's environment: servers, workers and browsers started by later tests
    inherit it (a broker set here once made every later dev host queue its PDFs instead of rendering them).
    """
    before = {k: v for k, v in os.environ.items() if k.startswith(("DEVHOST_", "DJANGO_"))}
    yield
    after = {k: v for k, v in os.environ.items() if k.startswith(("DEVHOST_", "DJANGO_"))}
    assert after == before, f"the test changed the environment: {set(after.items()) ^ set(before.items())}"


@pytest.fixture
def workers(monkeypatch):
    """
    Tasks go to Celery workers (none run here) instead of running in place: ``{task name: [argument, ...]}``
    records what was queued, e.g. ``workers["ce_plugin.render_statement"]``.
    """
    from collections import defaultdict

    from ce_plugin import tasks
    queued = defaultdict(list)
    monkeypatch.setitem(tasks.render_statement.app.conf, "task_always_eager", False)
    for task in (tasks.render_statement, tasks.build_transcript):
        monkeypatch.setattr(task, "delay", lambda argument, name=task.name: queued[name].append(argument))
    return queued


# --- accounts and courses --------------------------------------------------------------------


@pytest.fixture
def learner(db):
    return factories.UserFactory(username="learner", first_name="Jordan", last_name="Lee")


@pytest.fixture
def instructor(activity):
    """A member of the activity's course team (course staff role), not global staff."""
    from devhost_platform.models import Course, CourseRole
    user = factories.UserFactory(username="instructor")
    CourseRole.objects.create(user=user, course=Course.objects.get(course_key=activity.course_key),
                              role=CourseRole.STAFF)
    return user


# --- a CE activity ---------------------------------------------------------------------------


@pytest.fixture
def activity(db):
    return factories.ActivityFactory()


@pytest.fixture
def statement_type(activity):
    return factories.StatementTypeFactory(activity=activity)


@pytest.fixture
def enrolled(learner, activity):
    course = factories.CourseFactory._meta.model.objects.get(course_key=activity.course_key)
    factories.EnrollmentFactory(user=learner, course=course)
    return learner


@pytest.fixture
def now(activity):
    """A moment inside the activity's claim window."""
    return activity.claim_opens_at + timedelta(days=2)


@pytest.fixture
def session(activity):
    return factories.SessionFactory(activity=activity)


@pytest.fixture
def ready(enrolled, activity, statement_type, now):
    """The learner has chosen the physician statement (no attendance or disclosure step configured)."""
    api.select_statement_type(enrolled, activity.course_key, statement_type.id, now=now)
    return enrolled


# --- database state --------------------------------------------------------------------------


def _ce_state(ignore=None):
    """Every row of the CE tables (and the dev host's), as text; ``ignore`` maps model labels to fields left out."""
    state = {}
    for label in ("ce_plugin", "ce_standalone"):
        for model in apps.get_app_config(label).get_models():
            left_out = (ignore or {}).get(model._meta.label, ())
            fields = [field.attname for field in model._meta.concrete_fields if field.name not in left_out]
            state[model._meta.label] = sorted(map(repr, model.objects.values_list(*fields)))
    return state


@pytest.fixture
def unchanged():
    """Use as ``with unchanged(): ...``: asserts the block leaves every CE table exactly as it was."""
    from contextlib import contextmanager

    @contextmanager
    def check():
        before = _ce_state()
        yield
        assert _ce_state() == before, "the database changed"

    return check
