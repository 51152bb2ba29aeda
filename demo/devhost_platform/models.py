"""
The dev host's platform tables, the shape of what the LMS keeps: course overviews, enrollments, course
roles, profile names, course certificates, and the course structure with XBlock field storage that the
LMS keeps in the modulestore and its student-module tables.
"""
from django.conf import settings
from django.db import models
from opaque_keys.edx.django.models import CourseKeyField, UsageKeyField


class Course(models.Model):
    """
    A course run of the dev host (the LMS's ``CourseOverview``).

    .. no_pii:
    """

    course_key = CourseKeyField(max_length=255, unique=True)
    title = models.CharField(max_length=255)
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.title


class Enrollment(models.Model):
    """
    A learner's enrollment in a course run (the LMS's ``CourseEnrollment``).

    .. pii: user
    .. pii_types: id
    .. pii_retirement: local_api
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    mode = models.CharField(max_length=40, default="audit")
    is_active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="ce_standalone_one_enrollment")]

    def __str__(self):
        return f"{self.user_id} in {self.course_id}"


class CourseRole(models.Model):
    """
    A course-level role (the LMS's ``CourseAccessRole``): ``staff`` or ``instructor``.

    .. pii: user
    .. pii_types: id
    .. pii_retirement: local_api
    """

    STAFF, INSTRUCTOR = "staff", "instructor"
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=[(STAFF, "Staff"), (INSTRUCTOR, "Instructor")])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course", "role"], name="ce_standalone_one_role")]

    def __str__(self):
        return f"{self.user_id} {self.role} of {self.course_id}"


class LearnerProfile(models.Model):
    """
    The learner's full name as the platform shows it (the LMS's ``UserProfile.name``).

    .. pii: name
    .. pii_types: name
    .. pii_retirement: local_api
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="ce_standalone_profile")
    name = models.CharField(max_length=255, blank=True)

    def __str__(self):
        return self.name


class CourseCertificate(models.Model):
    """
    A course certificate record (the LMS's ``GeneratedCertificate``).

    .. pii: user
    .. pii_types: id
    .. pii_retirement: retained
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="certificates")
    status = models.CharField(max_length=32, default="downloadable")
    mode = models.CharField(max_length=40, default="audit")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="ce_standalone_one_certificate")]

    def __str__(self):
        return f"{self.user_id} {self.status} in {self.course_id}"


class Unit(models.Model):
    """
    A unit (vertical) of a dev host course, holding blocks in order.

    .. no_pii:
    """

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="units")
    usage_key = UsageKeyField(max_length=255, unique=True)
    title = models.CharField(max_length=255)
    section = models.CharField(max_length=255, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["course", "position", "id"]

    def __str__(self):
        return self.title


class BlockRecord(models.Model):
    """
    One XBlock in a unit, with its content and settings fields as JSON (``published`` is what learners see).

    .. no_pii:
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="blocks")
    usage_key = UsageKeyField(max_length=255, unique=True)
    block_type = models.CharField(max_length=64)
    position = models.PositiveIntegerField(default=0)
    fields = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["unit", "position", "id"]

    def __str__(self):
        return str(self.usage_key)


class BlockUserState(models.Model):
    """
    A learner's user-scoped XBlock fields for one block.

    .. pii: user
    .. pii_types: id
    .. pii_retirement: local_api
    """

    usage_key = UsageKeyField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fields = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["usage_key", "user"], name="ce_standalone_one_state_per_user")]

    def __str__(self):
        return f"{self.usage_key} / {self.user_id}"


class BlockCompletion(models.Model):
    """
    How far a learner completed a block (0.0 to 1.0), as the platform's completion tracking records it. The dev
    host's units hold no other content, so a unit counts as completed once its page was viewed.

    .. pii: user
    .. pii_types: id
    .. pii_retirement: local_api
    """

    usage_key = UsageKeyField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    completion = models.FloatField(default=1.0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["usage_key", "user"], name="devhost_one_completion_per_block")]

    def __str__(self):
        return f"{self.usage_key} / {self.user_id}: {self.completion}"
