"""Dev host views: what the LMS courseware would show, reduced to what the CE plugin needs."""
from importlib.metadata import entry_points
from types import SimpleNamespace

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey
from xblock.django.request import django_to_webob_request, webob_to_django_response
from xblock.exceptions import NoSuchHandlerError, NoSuchUsage

from ce_plugin import compat
from devhost_platform.models import BlockCompletion, BlockRecord, Course, Enrollment, Unit
from devhost_platform.runtime import DevRuntime


@login_required
def ping(request):
    """The smallest signed-in page (session, user, one response): the load benchmark's yardstick."""
    return HttpResponse(request.user.get_username(), content_type="text/plain")


def home(request):
    """Courses of the dev host, marking the ones the user is enrolled in."""
    courses = Course.objects.order_by("title")
    enrolled = set()
    if request.user.is_authenticated:
        enrolled = set(Enrollment.objects.filter(user=request.user, is_active=True).values_list("course_id", flat=True))
    return render(request, "devhost/home.html", {"courses": courses, "enrolled": enrolled})


def _course(course_key):
    try:
        key = CourseKey.from_string(course_key)
    except InvalidKeyError as exc:
        raise Http404("Unknown course") from exc
    return get_object_or_404(Course, course_key=key)


def _require_access(request, course):
    key = course.course_key
    if not (compat.is_enrolled(request.user, key) or compat.is_course_staff(request.user, key)):
        raise PermissionDenied("You are not enrolled in this course.")


def _course_tabs(course, user):
    """The ``openedx.course_tab`` plugins enabled for this course and user, with their links (as the LMS does)."""
    tabs = []
    for entry_point in sorted(entry_points(group="openedx.course_tab"), key=lambda ep: ep.name):
        tab_class = entry_point.load()
        if tab_class.is_dynamic and tab_class.is_enabled(course, user=user):
            tab = tab_class({})
            tabs.append({"title": _(tab.title), "url": tab.link_func(course, reverse)})
    return tabs


def about_course(request, course_key):
    """The course's about page, where a learner enrolls (the LMS's ``about_course``)."""
    course = _course(course_key)
    if request.method == "POST":
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login
            return redirect_to_login(request.get_full_path())
        Enrollment.objects.update_or_create(user=request.user, course=course, defaults={"is_active": True})
        return redirect("devhost:course", course_key=course_key)
    enrolled = request.user.is_authenticated and compat.is_enrolled(request.user, course.course_key)
    return render(request, "devhost/about.html", {"course": course, "enrolled": enrolled})


@login_required
def course(request, course_key):
    """The course outline (its units by section) and the course tabs offered by plugins."""
    course = _course(course_key)
    _require_access(request, course)
    outline = SimpleNamespace(id=course.course_key)
    return render(request, "devhost/course.html", {
        "course": course, "units": course.units.all(), "tabs": _course_tabs(outline, request.user),
        "staff": compat.is_course_staff(request.user, course.course_key)})


@login_required
def jump_to(request, course_id, location):
    """Open the unit holding a block, like the LMS's ``jump_to``."""
    try:
        key = UsageKey.from_string(location)
    except InvalidKeyError as exc:
        raise Http404("Unknown block") from exc
    record = get_object_or_404(BlockRecord.objects.select_related("unit__course"), usage_key=key)
    if str(record.unit.course.course_key) != course_id:
        raise Http404("Unknown block")
    return redirect("devhost:unit", course_key=course_id, unit_id=record.unit_id)


def _render_blocks(user, unit, views):
    """Each block of the unit rendered in ``views`` through the XBlock runtime: ``[{view: {html, head, foot}}]``."""
    runtime = DevRuntime(user)
    rendered = []
    for record in unit.blocks.all():
        block = runtime.get_block(record.usage_key)
        fragments = {view: runtime.render(block, view) for view in views}
        rendered.append({view: {  # the blocks' own templates escape their content
            "html": mark_safe(fragment.body_html()), "head": mark_safe(fragment.head_html()),  # noqa: S308
            "foot": mark_safe(fragment.foot_html())}  # noqa: S308
            for view, fragment in fragments.items()})
    return rendered


@login_required
def unit(request, course_key, unit_id):
    """One unit, each of its blocks rendered through the XBlock runtime's ``student_view``."""
    course = _course(course_key)
    _require_access(request, course)
    unit = get_object_or_404(Unit, id=unit_id, course=course)
    rendered = [views["student_view"] for views in _render_blocks(request.user, unit, ["student_view"])]
    if Enrollment.objects.filter(user=request.user, course=course, is_active=True).exists():
        # the unit's content viewed: complete, as the platform records a viewed HTML block
        BlockCompletion.objects.update_or_create(usage_key=unit.usage_key, user=request.user,
                                                 defaults={"completion": 1.0})
    units = list(course.units.all())
    index = units.index(unit)
    return render(request, "devhost/unit.html", {
        "course": course, "unit": unit, "blocks": rendered,
        "previous": units[index - 1] if index > 0 else None,
        "next": units[index + 1] if index + 1 < len(units) else None,
    })


def _require_staff(request, course):
    if not compat.is_course_staff(request.user, course.course_key):
        raise PermissionDenied("Only the course team can do this.")


@login_required
def edit_unit(request, course_key, unit_id):
    """The dev host's Studio: each block's ``studio_view`` (editor) and ``author_view`` (preview)."""
    course = _course(course_key)
    _require_staff(request, course)
    unit = get_object_or_404(Unit, id=unit_id, course=course)
    return render(request, "devhost/edit_unit.html", {
        "course": course, "unit": unit,
        "blocks": _render_blocks(request.user, unit, ["studio_view", "author_view"])})


@require_POST
@login_required
def publish(request, course_key):
    """Publish the course, as Studio does: send the (stand-in) ``course_published`` signal."""
    from django.contrib import messages

    from devhost_platform.signals import course_published
    course = _course(course_key)
    _require_staff(request, course)
    with transaction.atomic():
        queued = any(result is True for _receiver, result in course_published.send(
            sender=publish, course_key=course.course_key))
    messages.info(request, _("Published; CE sessions are being registered.") if queued else _("Published."))
    return redirect("devhost:course", course_key=course_key)


@require_POST
def xblock_handler(request, usage_key, handler, suffix=""):
    """Call a block's handler for the request's user, as the LMS's ``handle_xblock_callback`` does."""
    try:
        key = UsageKey.from_string(usage_key)
    except InvalidKeyError as exc:
        raise Http404("Unknown block") from exc
    record = BlockRecord.objects.select_related("unit__course").filter(usage_key=key).first()
    if record is None:
        raise Http404("Unknown block")
    if request.user.is_authenticated:
        _require_access(request, record.unit.course)
    runtime = DevRuntime(request.user)
    try:
        block = runtime.get_block(key)
        response = block.handle(handler, django_to_webob_request(request), suffix)
    except NoSuchHandlerError as exc:
        raise Http404("Unknown handler") from exc
    except NoSuchUsage as exc:
        raise Http404("Unknown block") from exc
    if response is None:
        return JsonResponse({})
    return webob_to_django_response(response)


def certificate(request, user_id, course_id):
    """
    The course certificate page, as the LMS's ``render_html_view`` serves it: the real
    ``CertificateRenderStarted`` pipeline runs first, and a ``RenderCustomResponse`` answers instead.
    """
    from openedx_filters.learning.filters import CertificateRenderStarted

    from devhost_platform.models import CourseCertificate
    certificate = get_object_or_404(CourseCertificate.objects.select_related("course", "user"), user_id=user_id,
                                    course__course_key=CourseKey.from_string(course_id))
    context = {"course_id": course_id, "accomplishment_user_id": certificate.user_id,
               "accomplishment_copy_name": certificate.user.get_full_name(), "course_mode": certificate.mode,
               "accomplishment_copy_course_name": certificate.course.title}
    try:
        context, template = CertificateRenderStarted.run_filter(context=context, custom_template=None)
    except CertificateRenderStarted.RenderCustomResponse as exc:
        return exc.response
    return render(request, "devhost/certificate.html", {"certificate": certificate, **context})
