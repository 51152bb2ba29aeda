"""
The CE Session XBlock.

An author adds it to a unit; the unit becomes one CE session: its time, speakers, learning
objectives, maximum credits and an embedded evaluation. Learners see the session, claim
credit for it and answer its evaluation in place. All domain work goes through
:mod:`ce_plugin.api`, imported lazily so the block loads in any XBlock runtime.

Targets XBlock 5.3 (Ulmo) and 6.x (Verawood): ``web_fragments.fragment.Fragment`` and
``xblock.utils.resources.ResourceLoader`` exist in both.
"""
from __future__ import annotations

import logging
from datetime import datetime

from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import Boolean, Dict, List, Scope, String
from xblock.utils.resources import ResourceLoader

log = logging.getLogger(__name__)
loader = ResourceLoader(__name__)


def _(text):
    """Mark a string for extraction; the runtime's i18n service translates it when shown."""
    return text


@XBlock.needs("i18n")
@XBlock.wants("user")
class CESessionBlock(XBlock):
    """One CE session: a talk, webinar, teleconference segment or online module."""

    i18n_js_namespace = "CESessionI18N"
    has_author_view = True  # Studio previews author_view only when this is set (xmodule/studio_editable.py)

    display_name = String(display_name=_("Display name"), default=_("CE session"), scope=Scope.settings)
    session_title = String(display_name=_("Session title"), default="", scope=Scope.settings)
    track = String(display_name=_("Track"), default="", scope=Scope.settings)
    starts_at = String(display_name=_("Starts at (ISO 8601 with offset)"), default="", scope=Scope.settings)
    ends_at = String(display_name=_("Ends at (ISO 8601 with offset)"), default="", scope=Scope.settings)
    time_zone = String(display_name=_("Time zone of the session (IANA name)"), default="", scope=Scope.settings)
    speakers = List(display_name=_("Speakers"), default=[], scope=Scope.settings)
    learning_objectives = List(display_name=_("Learning objectives"), default=[], scope=Scope.settings)
    max_credits = Dict(display_name=_("Maximum credits per credit type"), default={}, scope=Scope.settings)
    evaluation = List(display_name=_("Evaluation questions"), default=[], scope=Scope.settings)
    evaluation_required = Boolean(display_name=_("Evaluation required before claiming"), default=True,
                                  scope=Scope.settings)

    # --- helpers ---------------------------------------------------------------------------

    @property
    def usage_key(self):
        return self.scope_ids.usage_id

    def _user_id(self):
        service = self.runtime.service(self, "user")
        user = service.get_current_user() if service else None
        return user.opt_attrs.get("edx-platform.user_id") if user else None

    def _django_user(self):
        user_id = self._user_id()
        if user_id is None:
            return None
        from django.contrib.auth import get_user_model  # pylint: disable=import-outside-toplevel
        return get_user_model().objects.filter(id=user_id).first()

    def session_payload(self) -> dict:
        """The block's fields as ``ce_plugin.api.register_session`` takes them."""
        return {
            "title": self.session_title or self.display_name,
            "starts_at": _parse_datetime(self.starts_at),
            "ends_at": _parse_datetime(self.ends_at),
            "track": self.track,
            "speakers": list(self.speakers),
            "learning_objectives": list(self.learning_objectives),
            "max_credits": dict(self.max_credits),
            "evaluation": list(self.evaluation),
            "evaluation_required": self.evaluation_required,
        }

    def _i18n(self):
        return self.runtime.service(self, "i18n")

    def _js_catalog_url(self):
        """
        Where the block's JavaScript strings are translated, loaded before its script.

        The runtime's catalog comes first: the LMS and Studio ``XBlockI18nService``
        (``xmodule/modulestore/django.py``, OEP-58) answer ``get_javascript_i18n_catalog_url(block)``
        with the catalog compiled for ``i18n_js_namespace`` when the site pulled translations with
        atlas. Otherwise the plugin's own catalog view (``/ce/jsi18n/``, in the LMS and Studio),
        which merges this package's ``djangojs`` strings into the page's ``gettext``.
        """
        service = self._i18n()
        url = getattr(service, "get_javascript_i18n_catalog_url", lambda block: None)(self)
        if url:
            return url
        from django.urls import NoReverseMatch, reverse  # pylint: disable=import-outside-toplevel
        try:
            return reverse("ce_plugin:jsi18n")
        except NoReverseMatch:  # a runtime without the plugin's URLs: the strings stay in English
            return None

    def _add_js_catalog(self, fragment):
        url = self._js_catalog_url()
        if url:
            fragment.add_javascript_url(url)

    # --- views -----------------------------------------------------------------------------

    def student_view(self, context=None):
        """The session, the learner's claim for it and its evaluation."""
        from ce_xblock.presenter import student_context  # pylint: disable=import-outside-toplevel

        page = student_context(self.usage_key, self._django_user())
        html = loader.render_django_template("templates/student_view.html", page, i18n_service=self._i18n())
        fragment = Fragment(html)
        from ce_plugin.assets import read_static  # pylint: disable=import-outside-toplevel
        fragment.add_css(read_static("ce_xblock/css/ce_session.css"))
        self._add_js_catalog(fragment)
        fragment.add_javascript(read_static("ce_xblock/js/ce_session.js"))
        fragment.initialize_js("CESessionBlock", {"usage_key": str(self.usage_key)})
        return fragment

    def author_view(self, context=None):
        """Studio's preview: the session as learners see it, from the block's current fields."""
        from ce_xblock.presenter import preview_context  # pylint: disable=import-outside-toplevel

        html = loader.render_django_template("templates/student_view.html", preview_context(self),
                                             i18n_service=self._i18n())
        fragment = Fragment(html)
        from ce_plugin.assets import read_static  # pylint: disable=import-outside-toplevel
        fragment.add_css(read_static("ce_xblock/css/ce_session.css"))
        return fragment

    def studio_view(self, context=None):
        """The session editor: every field, the maximum credits per credit type and the evaluation builder."""
        from ce_xblock.editing import editor_context  # pylint: disable=import-outside-toplevel

        page = editor_context(self)
        html = loader.render_django_template("templates/studio_view.html", page, i18n_service=self._i18n())
        fragment = Fragment(html)
        from ce_plugin.assets import read_static  # pylint: disable=import-outside-toplevel
        fragment.add_css(read_static("ce_xblock/css/ce_session.css"))
        self._add_js_catalog(fragment)
        fragment.add_javascript(read_static("ce_xblock/js/ce_session_studio.js"))
        fragment.initialize_js("CESessionStudio")
        return fragment

    # --- handlers --------------------------------------------------------------------------

    @XBlock.json_handler
    def save_session(self, data, suffix=""):  # pylint: disable=unused-argument
        """Validate and save the editor's fields, all or nothing: ``{"ok": true}`` or ``{"ok": false, "errors"}``."""
        from ce_plugin import exceptions as errors  # pylint: disable=import-outside-toplevel
        from ce_xblock.editing import clean_editor_data, may_edit  # pylint: disable=import-outside-toplevel
        if not may_edit(self):
            return {"ok": False, "errors": {"__all__": self._i18n().gettext(
                "Only the course team can edit this session.")}}
        try:
            values = clean_editor_data(data if isinstance(data, dict) else {})
        except errors.InvalidInputError as exc:
            return {"ok": False, "errors": exc.field_errors()}
        for name, value in values.items():
            setattr(self, name, value)
        return {"ok": True}

    @XBlock.json_handler
    def suggest_credits(self, data, suffix=""):  # pylint: disable=unused-argument
        """What the session's duration earns per credit type, for the editor (``{code: "1.50"}``)."""
        from ce_xblock.editing import may_edit, suggestions  # pylint: disable=import-outside-toplevel
        return suggestions(data if isinstance(data, dict) else {}) if may_edit(self) else {}

    @XBlock.json_handler
    def claim_credits(self, data, suffix=""):  # pylint: disable=unused-argument
        """Set the learner's credits for this session (``{"credits": "1.25"}``)."""
        from ce_xblock.presenter import handle  # pylint: disable=import-outside-toplevel
        return handle("claim", self.usage_key, self._django_user(), data)

    @XBlock.json_handler
    def submit_evaluation(self, data, suffix=""):  # pylint: disable=unused-argument
        """Submit the learner's answers to this session's evaluation (``{"answers": {...}}``)."""
        from ce_xblock.presenter import handle  # pylint: disable=import-outside-toplevel
        return handle("evaluate", self.usage_key, self._django_user(), data)


def _parse_datetime(value):
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
