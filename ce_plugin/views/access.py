"""Access checks shared by the CE views (through :mod:`ce_plugin.compat`)."""
from dataclasses import dataclass
from functools import lru_cache, wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import gettext as _

from ce_plugin import api, compat
from ce_plugin import exceptions as errors

FALLBACK_BASE_TEMPLATE = "ce_plugin/page_base.html"


def render_page(request, template_name, context=None, status=None):
    """
    Render a CE page, extending the platform's base template where the page's own engine has it.

    ``{% extends base_template %}`` is resolved by the engine that loaded the page, so the base
    template is looked up in that engine only. Searching every engine (``get_template(name)``) is
    not enough: Studio (``cms/envs/common.py`` ``TEMPLATES``, openedx-platform master and
    release/ulmo) lets only its Mako ``preview`` engine see the LMS's ``main_django.html``, while CE
    pages are Django templates. Where the page's engine lacks ``CE_BASE_TEMPLATE``, the plugin's own
    plain page is extended instead.
    """
    template = get_template(template_name)
    page = {**(context or {}), "base_template": _base_template(template.backend, _configured_base())}
    return HttpResponse(template.render(page, request), status=status)


def _configured_base() -> str:
    return getattr(settings, "CE_BASE_TEMPLATE", "main_django.html")


@lru_cache(maxsize=8)
def _base_template(engine, name: str) -> str:
    """``name`` when ``engine`` (a template backend, as Django hands it out) can load it, else the plain page."""
    try:
        engine.get_template(name)
    except TemplateDoesNotExist:
        return FALLBACK_BASE_TEMPLATE
    return name


def course_key_or_404(value):
    try:
        return api.parse_course_key(value)
    except errors.InvalidKeyError as exc:
        raise Http404(_("Unknown course.")) from exc


class LoginRequired(Exception):
    """Raised to send an anonymous user to the login page."""

    def __init__(self, response):
        super().__init__("login required")
        self.response = response


@dataclass(frozen=True)
class Access:
    """Who is looking: a learner (enrolled), or course staff previewing without a claim of their own."""

    course_key: object
    preview: bool


def learner_access(request, course_key) -> Access:
    """Raise ``LoginRequired`` for anonymous users and 403 for users neither enrolled nor course staff."""
    if not request.user.is_authenticated:
        raise LoginRequired(redirect_to_login(request.get_full_path()))
    if compat.is_enrolled(request.user, course_key):
        return Access(course_key, preview=False)
    if compat.is_course_staff(request.user, course_key):
        return Access(course_key, preview=True)
    raise PermissionDenied(_("You are not enrolled in this course. Enroll to claim its continuing-education "
                             "credit."))


def require_course_staff(request, course_key):
    """Raise ``LoginRequired`` for anonymous users and 403 unless the user is course staff (or global staff)."""
    if not request.user.is_authenticated:
        raise LoginRequired(redirect_to_login(request.get_full_path()))
    if not compat.is_course_staff(request.user, course_key):
        raise PermissionDenied(_("Only the course team can do this."))


def refusal(request, message, course_key=None, enroll=False, status=403):
    """The styled page that says why the user may not see a page, and where to go instead (to enroll)."""
    enroll_url = compat.course_about_urls([course_key]).get(str(course_key)) if enroll and course_key else None
    return render_page(request, "ce_plugin/refused.html", {"message": message, "enroll_url": enroll_url},
                       status=status)


def learner_view(view):
    """
    Decorate ``view(request, access, ...)`` of a learner page: a valid course key (else 404), a signed-in user
    (else the sign-in page), enrolled or of the course team (else a styled 403 page that offers to enroll).
    """
    @wraps(view)
    def wrapper(request, course_key, *args, **kwargs):
        key = course_key_or_404(course_key)
        try:
            access = learner_access(request, key)
        except LoginRequired as exc:
            return exc.response
        except PermissionDenied as exc:
            return refusal(request, str(exc), key, enroll=True)
        return view(request, access, *args, **kwargs)
    return wrapper


def staff_view(view):
    """
    Decorate ``view(request, course_key, ...)`` of a course-team page: a valid course key (else 404), a
    signed-in user (else the sign-in page) of the course team (else a styled 403 page).
    """
    @wraps(view)
    def wrapper(request, course_key, *args, **kwargs):
        key = course_key_or_404(course_key)
        try:
            require_course_staff(request, key)
        except LoginRequired as exc:
            return exc.response
        except PermissionDenied as exc:
            return refusal(request, str(exc) or _("Only the course team can do this."), key)
        return view(request, key, *args, **kwargs)
    return wrapper
