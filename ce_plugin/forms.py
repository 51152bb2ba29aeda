"""Django forms of the course-staff pages (typing and first checks; the rules are in ``api``)."""
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ce_plugin import api
from ce_plugin.statuses import ActivityType, AttendanceMode, CheckInPresence

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivitySettingsForm(forms.Form):
    """The activity's settings; one "offered / name / cap" trio per credit type is added at construction."""

    title = forms.CharField(label=_("Title"), max_length=255)
    activity_type = forms.ChoiceField(label=_("Activity type"), choices=ActivityType.choices)
    provider_name = forms.CharField(label=_("Accredited provider"), max_length=255, required=False)
    provider_address = forms.CharField(label=_("Provider address"), widget=forms.Textarea(attrs={"rows": 2}),
                                       required=False)
    start_date = forms.DateField(label=_("First day"), widget=DATE, required=False)
    end_date = forms.DateField(label=_("Last day"), widget=DATE, required=False)
    location = forms.CharField(label=_("Location"), max_length=255, required=False)
    time_zone = forms.CharField(label=_("Time zone"), max_length=64, initial="UTC",
                                help_text=_("Where the activity takes place, e.g. America/New_York. Session times, "
                                            "days and the claim window below are in this time zone."))
    accreditation_statement = forms.CharField(label=_("Accreditation statement"), required=False,
                                              widget=forms.Textarea(attrs={"rows": 3}))
    claim_opens_at = forms.DateTimeField(label=_("Claims open"), widget=DATETIME, required=False)
    claim_closes_at = forms.DateTimeField(label=_("Claims close"), widget=DATETIME, required=False,
                                          help_text=_("Date and time in the activity's time zone."))
    attendance_mode = forms.ChoiceField(label=_("Attendance verification"), choices=AttendanceMode.choices)
    check_in_presence = forms.ChoiceField(
        label=_("Session check-in before claiming"), choices=CheckInPresence.choices, required=False,
        help_text=_("Learners check in with the code on each session's check-in screen (Check-in tab)."))
    support_email = forms.EmailField(label=_("Support e-mail"), required=False)
    gate_certificate = forms.BooleanField(label=_("Hold the course certificate until the claim is finalized"),
                                          required=False)
    published = forms.BooleanField(label=_("Published to learners"), required=False)
    evaluations_identified = forms.BooleanField(label=_("Show evaluators' names to instructors"), required=False)
    accme_activity_id = forms.CharField(label=_("ACCME PARS activity ID"), max_length=40, required=False)
    acpe_uan = forms.CharField(label=_("ACPE UAN"), max_length=40, required=False)
    disclosures = forms.CharField(
        label=_("Disclosure pages"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown. Start each page with a line '# Page title'; pages are shown in this order."))

    # The activity's own settings, as ``api.save_activity_settings`` takes them and the form shows them.
    SETTING_NAMES = ("title", "activity_type", "provider_name", "provider_address", "start_date", "end_date",
                     "location", "time_zone", "accreditation_statement", "claim_opens_at", "claim_closes_at",
                     "attendance_mode", "check_in_presence", "support_email", "gate_certificate", "published",
                     "evaluations_identified", "accme_activity_id", "acpe_uan")

    def __init__(self, *args, credit_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.credit_types = list(credit_types)
        for ct in self.credit_types:
            # The statement table shows one row per credit type: each control is named for its row.
            names = {"credit_type": ct.name}
            self.fields[f"offer_{ct.code}"] = forms.BooleanField(
                label=ct.name, required=False,
                widget=forms.CheckboxInput(attrs={"aria-label": _("Offer %(credit_type)s") % names}))
            self.fields[f"name_{ct.code}"] = forms.CharField(
                label=_("Statement name"), required=False, max_length=255, initial=ct.name,
                widget=forms.TextInput(attrs={"aria-label": _("Statement name for %(credit_type)s") % names}))
            self.fields[f"cap_{ct.code}"] = forms.DecimalField(
                label=_("Activity cap"), required=False, min_value=0, decimal_places=2, max_digits=6,
                widget=forms.NumberInput(attrs={"aria-label": _("Activity cap for %(credit_type)s") % names}))

    def clean_check_in_presence(self):
        """Not sent (a form posted from an older page): no check-in, as before the setting existed."""
        return self.cleaned_data.get("check_in_presence") or CheckInPresence.NONE

    def clean(self):
        """
        Read the claim window as wall-clock times in the activity's own time zone.

        An unknown zone is left for ``api.save_activity_settings`` to refuse, with its message.
        """
        data = super().clean()
        zone = api.time_zone_or_none(data.get("time_zone"))
        if zone is not None:
            for name in ("claim_opens_at", "claim_closes_at"):
                if data.get(name):
                    data[name] = timezone.make_naive(data[name]).replace(tzinfo=zone)
        return data

    @staticmethod
    def local_times(activity) -> dict:
        """The claim window of ``activity`` as the wall-clock times the form shows."""
        zone = ZoneInfo(activity.time_zone)

        def wall_clock(moment):
            return moment.astimezone(zone).replace(tzinfo=None) if moment else None
        return {"claim_opens_at": wall_clock(activity.claim_opens_at),
                "claim_closes_at": wall_clock(activity.claim_closes_at)}

    def labelled(self, problems: dict) -> list:
        """``(label, message)`` for problems the domain found, named as the form names its fields."""
        return [(self.fields[key].label if key in self.fields else key, message) for key, message in problems.items()]

    def statement_rows(self):
        return [(ct, self[f"offer_{ct.code}"], self[f"name_{ct.code}"], self[f"cap_{ct.code}"])
                for ct in self.credit_types]

    def parsed(self):
        """``(values, statement_types, disclosures, caps)`` for ``api.save_activity_settings``."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.SETTING_NAMES}
        offered = [(ct.code, data[f"name_{ct.code}"] or ct.name) for ct in self.credit_types
                   if data.get(f"offer_{ct.code}")]
        caps = {ct.code: data[f"cap_{ct.code}"] for ct in self.credit_types if data.get(f"cap_{ct.code}")}
        return values, offered, split_pages(data.get("disclosures") or ""), caps


def split_pages(text: str) -> list[tuple[str, str]]:
    """``# Title`` lines start pages: ``[(title, markdown body), ...]``."""
    pages, title, body = [], None, []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith("# "):
            if title is not None:
                pages.append((title, "\n".join(body).strip()))
            title, body = line[2:].strip(), []
        elif title is not None:
            body.append(line)
    if title is not None:
        pages.append((title, "\n".join(body).strip()))
    return pages


def join_pages(pages) -> str:
    return "\n\n".join(f"# {page.title}\n\n{page.body}" for page in pages)


class CodeImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file (columns: code, email, name)"))


class GroupCodesForm(forms.Form):
    count = forms.IntegerField(label=_("How many group codes"), min_value=1, max_value=500, initial=1)
    label = forms.CharField(label=_("Label (e.g. the site)"), max_length=255, required=False)


class RebindCodeForm(forms.Form):
    code = forms.CharField(label=_("Badge code"), max_length=64)
    username = forms.CharField(label=_("Bind to the learner with this username (empty: release the code)"),
                               max_length=150, required=False)
    reason = forms.CharField(label=_("Reason (kept in the audit trail)"), max_length=1000, widget=forms.Textarea(
        attrs={"rows": 2}))
