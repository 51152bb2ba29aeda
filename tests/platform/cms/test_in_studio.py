"""
The plugin inside Studio, through the platform's own code paths (run with ``cms.envs.test``).

Studio's template engines differ from the LMS's: its Django engine has no ``main_django.html`` (only the
Mako ``preview`` engine sees the LMS's templates), so CE pages there extend the plugin's own plain page.
"""
import json

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from xmodule.modulestore import ModuleStoreEnum

from ce_plugin import api, compat
from ce_plugin.models import CESession

from ..support import LMS_CHROME, CECourseTestCase

STAFF_PAGES = ["staff-overview", "staff-settings", "staff-codes", "staff-claims", "staff-evaluations",
               "staff-exports", "staff-statements"]


class PluginLoadedInStudioTest(CECourseTestCase):
    def test_app_urls_and_publish_receiver_are_registered(self):
        from xmodule.modulestore.django import SignalHandler
        assert apps.is_installed("ce_plugin")
        assert settings.ROOT_URLCONF == "cms.urls"
        assert reverse("ce_plugin:staff-settings", args=[str(self.course_key)]).startswith("/ce/staff/courses/")
        assert reverse("ce_plugin:jsi18n") == "/ce/jsi18n/"
        receivers = [key for key, _ in SignalHandler.course_published.receivers]
        assert any(key[0] == "ce_plugin.handlers.course_published" for key in receivers)


class CourseTeamPagesInStudioTest(CECourseTestCase):
    def test_every_course_team_page_opens_in_studio(self):
        self.sign_in(self.team_member)
        for name in STAFF_PAGES:
            response = self.client.get(self.ce_url(name))
            assert response.status_code == 200, (name, response.status_code)
            page = response.content.decode()
            assert "<html" in page and LMS_CHROME not in page, name  # the plugin's plain page
        for name in ("staff-codes-csv", "staff-evaluations-csv"):
            assert self.client.get(self.ce_url(name)).status_code == 200
        sessions = self.client.get(reverse("ce_plugin:session-list", args=[str(self.course_key)])).json()
        assert [s["title"] for s in sessions["sessions"]] == list(self.SESSIONS)
        with self.captureOnCommitCallbacks(execute=True):  # the build task is queued once the request commits
            started = self.client.post(self.ce_url("staff-start-report", "roster"))
        assert started.status_code == 302
        report = self.client.get(started["Location"])
        assert report.status_code == 200 and LMS_CHROME not in report.content.decode()
        assert self.client.get(started["Location"] + "file/").status_code == 200

    def test_learners_are_refused(self):
        self.sign_in(self.learner)
        refused = self.client.get(self.ce_url("staff-settings"))
        assert refused.status_code == 403 and "Only the course team can do this." in refused.content.decode()


class PublishingInStudioTest(CECourseTestCase):
    """Publishing in Studio sends ``SignalHandler.course_published``; the plugin registers and retires sessions."""

    ENABLED_SIGNALS = ["course_published"]

    def test_publish_registers_new_sessions_and_retires_removed_ones(self):
        from xmodule.modulestore.tests.factories import BlockFactory
        unit = self.store.get_item(self.blocks[0].location).get_parent()
        with self.captureOnCommitCallbacks(execute=True):
            added = BlockFactory.create(parent=unit, category="ce_session", display_name="Late-breaking abstracts",
                                        session_title="Late-breaking abstracts",
                                        starts_at="2026-06-10T18:00:00+00:00", ends_at="2026-06-10T19:00:00+00:00",
                                        max_credits={"ama-pra-1": "1.00"}, evaluation=[], evaluation_required=False,
                                        user_id=self.user.id, publish_item=True)
        titles = {s.title for s in api.list_sessions(self.course_key)}
        assert "Late-breaking abstracts" in titles
        assert compat.published_blocks(self.course_key, "ce_session")  # the published branch, read through compat

        with self.captureOnCommitCallbacks(execute=True):
            self.store.delete_item(added.location, self.user.id)
            self.store.publish(unit.location, self.user.id)
        assert CESession.objects.get(usage_key=added.location).retired_at is not None
        assert "Late-breaking abstracts" not in {s.title for s in api.list_sessions(self.course_key)}


class EditorInStudioTest(CECourseTestCase):
    """The block's editor opens in Studio and saves through ``component_handler``, with Studio's permission check."""

    def test_editor_opens_and_saves_for_the_course_team_only(self):
        location = self.blocks[0].location
        self.sign_in(self.team_member)
        editor = self.client.get(reverse("xblock_view_handler", args=[str(location), "studio_view"]),
                                 HTTP_ACCEPT="application/json")
        assert editor.status_code == 200
        assert "CESessionStudio" in editor.content.decode()

        url = reverse("component_handler", kwargs={"usage_key_string": str(location), "handler": "save_session"})
        payload = {"session_title": "Rapid diagnostics in 2026", "starts_at_local": "2026-06-10T13:00",
                   "ends_at_local": "2026-06-10T14:30", "time_zone": "UTC", "max_credits": {"ama-pra-1": "1.50"}}
        response = self.client.post(url, json.dumps(payload), content_type="application/json")
        assert response.status_code == 200, response.content
        assert response.json() == {"ok": True}
        with self.store.branch_setting(ModuleStoreEnum.Branch.draft_preferred, self.course_key):
            saved = self.store.get_item(location)
        assert saved.session_title == "Rapid diagnostics in 2026" and saved.max_credits == {"ama-pra-1": "1.50"}

        self.sign_in(self.learner)
        refused = self.client.post(url, json.dumps({"session_title": "Hijacked"}), content_type="application/json")
        assert refused.json()["ok"] is False
