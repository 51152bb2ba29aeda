"""The plugin as the LMS and Studio load it: entry points, settings, URLs, and the XBlock entry point."""
import sys
import types
from importlib.metadata import entry_points

import pytest
from django.urls import URLResolver
from django.urls.resolvers import RegexPattern
from edx_django_utils.plugins import add_plugins, get_plugin_apps, get_plugin_url_patterns
from xblock.core import XBlock

from ce_xblock.block import CESessionBlock

PROJECTS = ["lms.djangoapp", "cms.djangoapp"]
SETTINGS_TYPES = ["common", "production", "test", "devstack"]


def fake_settings_module(name, **existing):
    module = types.ModuleType(name)
    module.__dict__.update(existing)
    sys.modules[name] = module
    return module


@pytest.mark.parametrize("project_type", PROJECTS)
def test_the_distribution_declares_the_app_for_the_platform(project_type):
    declared = {ep.name: ep.value for ep in entry_points(group=project_type)}
    assert declared["ce_plugin"] == "ce_plugin.apps:CEPluginConfig"
    assert "ce_plugin.apps.CEPluginConfig" in get_plugin_apps(project_type)


@pytest.mark.parametrize("project_type", PROJECTS)
@pytest.mark.parametrize("settings_type", SETTINGS_TYPES)
def test_plugin_settings_are_applied_for_every_settings_type(project_type, settings_type):
    name = f"fake_{project_type.split('.')[0]}_{settings_type}_settings"
    module = fake_settings_module(name)
    try:
        add_plugins(name, project_type, settings_type)
        assert module.CE_PLATFORM_BACKEND == "openedx"
        assert module.CE_BASE_TEMPLATE == "main_django.html"
        assert module.CE_CLAIM_ATTEMPT_LIMIT == 5
    finally:
        del sys.modules[name]


def test_operator_values_survive_the_plugin_settings():
    name = "fake_lms_operator_settings"
    module = fake_settings_module(name, CE_BASE_TEMPLATE="themed_main.html")
    try:
        add_plugins(name, "lms.djangoapp", "production")
        assert module.CE_BASE_TEMPLATE == "themed_main.html"
    finally:
        del sys.modules[name]


@pytest.mark.parametrize("project_type, path, view_name", [
    ("lms.djangoapp", "ce/courses/course-v1:Org+Num+Run/", "ce_plugin:activity"),
    ("lms.djangoapp", "ce/courses/Org/Num/Run/", "ce_plugin:activity"),
    ("cms.djangoapp", "ce/api/v1/courses/course-v1:Org+Num+Run/sessions/", "ce_plugin:session-list"),
    ("cms.djangoapp", "ce/jsi18n/", "ce_plugin:jsi18n"),  # the block's editor strings in Studio
    ("lms.djangoapp", "ce/jsi18n/", "ce_plugin:jsi18n"),
])
def test_plugin_urls_resolve(project_type, path, view_name):
    resolver = URLResolver(RegexPattern(r"^"), get_plugin_url_patterns(project_type))
    match = resolver.resolve(path)
    assert match.view_name == view_name
    assert match.namespace == "ce_plugin"


def test_dev_host_mounts_the_plugin_urls_through_the_loader(client):
    from django.urls import reverse
    assert reverse("ce_plugin:activity", args=["course-v1:Org+Num+Run"]) == "/ce/courses/course-v1:Org+Num+Run/"


def test_xblock_entry_point_loads_the_block():
    assert XBlock.load_class("ce_session") is CESessionBlock
    declared = {ep.name: ep.value for ep in entry_points(group="xblock.v1")}
    assert declared["ce_session"] == "ce_xblock.block:CESessionBlock"


def test_retirement_receiver_is_connected_by_the_loader(monkeypatch, ready, activity):
    """``connect_plugin_receivers`` (called by the LMS's PluginsConfig.ready) wires USER_RETIRE_LMS_MISC."""
    from django.dispatch import Signal
    from edx_django_utils.plugins import connect_plugin_receivers

    from ce_plugin.models import LearnerClaim

    signal = Signal()
    path = "openedx.core.djangoapps.user_api.accounts.signals"
    for depth in range(1, path.count(".") + 2):
        name = ".".join(path.split(".")[:depth])
        monkeypatch.setitem(sys.modules, name, sys.modules.get(name) or types.ModuleType(name))
    monkeypatch.setattr(sys.modules[path], "USER_RETIRE_LMS_MISC", signal, raising=False)
    LearnerClaim.objects.filter(user=ready).update(profile={"license_number": "A123"})
    connect_plugin_receivers("lms.djangoapp")
    signal.send(sender=object, user=ready)
    assert LearnerClaim.objects.get(user=ready).profile == {}


def test_studio_publish_receiver_is_connected_by_the_loader(monkeypatch, activity):
    """In Studio the loader connects ``xmodule.modulestore.django.COURSE_PUBLISHED`` to our receiver."""
    from django.dispatch import Signal
    from edx_django_utils.plugins import connect_plugin_receivers

    signal = Signal()
    path = "xmodule.modulestore.django"
    for depth in range(1, path.count(".") + 2):
        name = ".".join(path.split(".")[:depth])
        monkeypatch.setitem(sys.modules, name, sys.modules.get(name) or types.ModuleType(name))
    monkeypatch.setattr(sys.modules[path], "COURSE_PUBLISHED", signal, raising=False)
    connect_plugin_receivers("cms.djangoapp")
    responses = signal.send(sender=object, course_key=activity.course_key)
    assert [(receiver.__name__, result) for receiver, result in responses] == [("course_published", True)]
