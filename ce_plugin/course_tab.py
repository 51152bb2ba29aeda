"""
The "CE Credit" course tab, registered through the ``openedx.course_tab`` entry point.

Targets ``xmodule/tabs.py`` ``CourseTab`` of openedx-platform master and release/ulmo: a dynamic
tab (``is_dynamic``) is offered by ``lms/djangoapps/courseware/tabs.py`` ``_get_dynamic_tabs``
for every course and kept when ``is_enabled(course, user)`` is true; its link comes from
``view_name`` reversed with the course id. The Learning MFE lists the same tabs:
``lms/djangoapps/course_home_api/course_metadata/v1/views.py`` ``CourseHomeMetadataView`` calls
``get_course_tab_list(user, course)``, and its ``CourseTabSerializer`` sends ``tab_id``, the title
through the platform's ``gettext`` (our catalog is among the installed apps') and the URL from
``tab.link_func(course, reverse)``.
"""
from django.utils.translation import gettext_noop

from ce_plugin import api, compat


class CECreditTab(compat.course_tab_base()):
    """Links to the CE claim flow, for enrolled learners and course staff of CE-enabled courses."""

    type = "ce_credit"
    title = gettext_noop("CE Credit")
    priority = 70
    view_name = "ce_plugin:activity"
    is_dynamic = True
    is_hideable = False
    is_movable = False

    @classmethod
    def is_enabled(cls, course, user=None):
        if user is None or not user.is_authenticated:
            return False
        if not api.is_ce_course(course.id):
            return False
        return compat.is_enrolled(user, course.id) or compat.is_course_staff(user, course.id)
