"""
The dev host's stand-in for ``xmodule.tabs.CourseTab`` (openedx-platform master and release/ulmo).

Only what a dynamic plugin tab uses: the class attributes, ``__init__(tab_dict)`` and the
``link_func`` built from ``view_name`` the way the platform's ``course_reverse_func`` does.
"""


class CourseTab:
    """Same attributes and link contract as the platform's ``CourseTab``."""

    type = ""
    title = None
    priority = None
    view_name = None
    is_dynamic = False
    is_hideable = False
    is_movable = False
    course_staff_only = False
    is_default = True
    allow_multiple = False

    def __init__(self, tab_dict):
        self.name = tab_dict.get("name", self.title)
        self.tab_id = tab_dict.get("tab_id", getattr(self, "tab_id", self.type))
        self.course_staff_only = tab_dict.get("course_staff_only", False)
        self.is_hidden = tab_dict.get("is_hidden", False)
        self.tab_dict = tab_dict

    @property
    def link_func(self):
        view_name = self.view_name
        return self.tab_dict.get("link_func", lambda course, reverse_func: reverse_func(view_name,
                                                                                        args=[str(course.id)]))

    @classmethod
    def is_enabled(cls, course, user=None):
        raise NotImplementedError
