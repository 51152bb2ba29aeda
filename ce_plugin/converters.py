"""URL path converters for course keys (new ``course-v1:Org+Num+Run`` and old ``Org/Num/Run`` forms)."""
from django.urls import register_converter


class CourseKeyConverter:
    """Matches the same strings as the platform's ``COURSE_KEY_PATTERN``; views parse them through ``api``."""

    regex = r"[^/+]+(?:/|\+)[^/+]+(?:/|\+)[^/?]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(CourseKeyConverter, "ce_course")
