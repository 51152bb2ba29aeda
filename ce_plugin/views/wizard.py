"""
The claim wizard's shared frame: who is looking, the activity, the learner's claim and the steps.

Each step is a page that works without JavaScript. Course staff who are not enrolled see every
step in preview: the pages render, nothing is saved.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ce_plugin import api, rules
from ce_plugin import exceptions as errors
from ce_plugin.data import ActivityData, LearnerClaimData
from ce_plugin.statuses import AttendanceMode
from ce_plugin.views.access import learner_view

STEP_LABELS = {
    "statement": gettext_lazy("Choose your statement"),
    "attendance": gettext_lazy("Attendance"),
    "disclosures": gettext_lazy("Disclosures"),
    "claim": gettext_lazy("Claim credits"),
    "summary": gettext_lazy("Credit summary"),
}


@dataclass
class Step:
    name: str
    label: str
    url: str
    done: bool
    open: bool
    current: bool = False


@dataclass
class WizardPage:
    """Everything a wizard page needs about the activity and the learner's claim."""

    request: object
    course_key: object
    preview: bool
    activity: ActivityData
    claim: LearnerClaimData | None
    missing_step: str | None
    steps: list = field(default_factory=list)

    @property
    def user(self):
        return self.request.user

    @property
    def now(self):
        return timezone.now()

    @property
    def claims_close_at(self):
        """When this learner's claims close: the activity's date, or their extension when later."""
        return rules.claims_close_at(self.activity.claim_closes_at, self.claim.window_closes_at if self.claim else None)

    @property
    def finalized(self) -> bool:
        return bool(self.claim and self.claim.is_finalized)

    def url(self, name, *args):
        return reverse(f"ce_plugin:{name}", args=[str(self.course_key), *args])

    def step_url(self, step):
        return self.url("disclosures", 1) if step == "disclosures" else self.url(step)

    def context(self, current, **extra):
        for step in self.steps:
            step.current = step.name == current
        return {"page": self, "activity": self.activity, "claim": self.claim,
                "preview": self.preview, "finalized": self.finalized, "steps": self.steps,
                "current_step": current, **extra}

    def refuse_preview(self):
        """A redirect back, with a notice, when course staff post in preview; ``None`` for learners."""
        if self.preview:
            messages.info(self.request, _("Preview: as course staff you can see every step, but nothing is saved."),
                          fail_silently=True)
            return redirect(self.request.path)
        return None

    def go_to_missing_step(self, wanted):
        """
        Redirect to the first missing step when ``wanted`` comes after it; ``None`` when ``wanted`` is open.

        A step this activity does not have (attendance without codes, disclosures without pages) is open:
        its view sends the learner on to the next step.
        """
        if self.preview or self.finalized:
            return None
        order = [step.name for step in self.steps]
        if wanted not in order:
            return None
        if self.missing_step and order.index(wanted) > order.index(self.missing_step):
            messages.info(self.request, _("Please complete this step first."), fail_silently=True)
            return redirect(self.step_url(self.missing_step))
        return None


def _steps(page: WizardPage):
    activity, claim = page.activity, page.claim
    names = ["statement"]
    if activity.attendance_mode != AttendanceMode.NONE:
        names.append("attendance")
    if activity.disclosure_pages:
        names.append("disclosures")
    names += ["claim", "summary"]
    done = {
        "statement": bool(claim and claim.statement_type),
        "attendance": bool(claim and claim.attendance_verified_at),
        "disclosures": bool(claim and claim.disclosures_acknowledged_at),
        "claim": bool(claim and claim.session_credits),
        "summary": page.finalized,
    }
    steps, reachable = [], True
    for name in names:
        steps.append(Step(name, str(STEP_LABELS[name]), page.step_url(name), done[name],
                          reachable or page.preview))
        if name in ("statement", "attendance", "disclosures") and not done[name]:
            reachable = False
    return steps


def load_page(request, access) -> WizardPage:
    """The wizard frame for the course ``access`` (``learner_access``) admits the user to; raises 404."""
    key = access.course_key
    try:
        activity = api.get_activity(key)
    except errors.ActivityNotFound as exc:
        raise Http404(_("This course offers no continuing-education credit.")) from exc
    if not activity.published and not access.preview:
        raise Http404(_("This course offers no continuing-education credit."))
    claim = None if access.preview else api.get_claim(request.user, key)
    page = WizardPage(request, key, access.preview, activity, claim, api.missing_step(activity, claim))
    page.steps = _steps(page)
    return page


def wizard_view(step=None):
    """
    Decorate a step view ``view(request, page, ...)``: load the page and send anonymous users to log in.

    With ``step``, a learner who skipped an earlier step is sent to it, and a post from course
    staff in preview is refused with a notice before the view runs.
    """
    def decorator(view):
        @wraps(view)
        @learner_view
        def wrapper(request, access, *args, **kwargs):
            page = load_page(request, access)
            if step is not None:
                elsewhere = page.go_to_missing_step(step) or (
                    page.refuse_preview() if request.method == "POST" else None)
                if elsewhere:
                    return elsewhere
            with timezone.override(api.time_zone_or_none(page.activity.time_zone) or "UTC"):
                return view(request, page, *args, **kwargs)  # every time on the page in the activity's zone
        return wrapper
    return decorator


def next_url(page: WizardPage, claim: LearnerClaimData | None) -> str:
    """Where to go after a step: the learner's next missing step, else the claim page."""
    step = api.missing_step(page.activity, claim)
    return page.step_url(step) if step else page.url("claim")
