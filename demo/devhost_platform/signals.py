"""The dev host's stand-in for ``xmodule.modulestore.django.SignalHandler.course_published``."""
from django.dispatch import Signal

# Sent as ``course_published.send(sender=..., course_key=<CourseKey>)``, like the platform's signal.
course_published = Signal()
