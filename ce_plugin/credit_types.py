"""
The credit types every installation starts with (loaded by data migrations; editable in the admin).

Migrations read this list with only the fields their historical model has, so adding a key here
never breaks an older migration.

Names, unit labels and designation statements are stored in English, as message ids: they are shown in the
reader's language (:mod:`ce_plugin.standard_texts`) until an operator changes them. Designation statements
keep their ``{provider}``, ``{activity_kind}`` and ``{max_credits}`` placeholders in every language.
"""
from django.utils.translation import gettext_noop

AMA_DESIGNATION = gettext_noop(
    "{provider} designates this {activity_kind} for a maximum of {max_credits} AMA PRA Category 1 Credits™. "
    "Physicians should claim only the credit commensurate with the extent of their participation in the activity."
)

# The kind of activity a designation statement names ({activity_kind}), per activity type.
ACTIVITY_KINDS = {
    "live_meeting": gettext_noop("live activity"),
    "teleconference": gettext_noop("live activity"),
    "webinar": gettext_noop("live activity"),
    "online": gettext_noop("enduring material"),
    "": gettext_noop("activity"),
}

BOARD_REPORTING_FIELDS = ["moc_consent", "board_id", "birth_mmdd", "license_state", "license_number"]

DEFAULT_CREDIT_TYPES = [
    {
        "code": "ama-pra-1", "name": gettext_noop("AMA PRA Category 1 Credit™"),
        "unit_label": gettext_noop("AMA PRA Category 1 Credits™"),
        "minutes_per_credit": 60, "increment": "0.25", "daily_cap": None,
        "designation_template": AMA_DESIGNATION, "required_profile_fields": [], "statement_design": "physician",
        # ACCME PARS learner reporting (docs/exports.rst): a licence, or a board ID with consent, and the
        # birth month and day; asked for on the physician statement, never required to get it.
        "optional_profile_fields": BOARD_REPORTING_FIELDS,
    },
    {
        "code": "participation", "name": gettext_noop("Certificate of participation"),
        "unit_label": gettext_noop("hours of participation"),
        "minutes_per_credit": 60, "increment": "0.25", "daily_cap": None,
        "designation_template": gettext_noop(
            "This activity was designated for a maximum of {max_credits} AMA PRA Category 1 Credits™ by {provider}."
        ),
        "required_profile_fields": [], "statement_design": "participation",
    },
    {
        "code": "ancc", "name": gettext_noop("Nursing contact hours (ANCC)"),
        "unit_label": gettext_noop("contact hours"),
        "minutes_per_credit": 60, "increment": "0.25", "daily_cap": None,
        "designation_template": gettext_noop(
            "{provider} is accredited as a provider of nursing continuing professional development by the American "
            "Nurses Credentialing Center's Commission on Accreditation. This {activity_kind} awards up to "
            "{max_credits} contact hours."
        ),
        "required_profile_fields": ["license_number", "license_state"], "statement_design": "nursing",
    },
    {
        "code": "acpe", "name": gettext_noop("ACPE contact hours (pharmacists)"),
        "unit_label": gettext_noop("contact hours"),
        "minutes_per_credit": 60, "increment": "0.25", "daily_cap": None,
        "designation_template": gettext_noop(
            "{provider} designates this {activity_kind} for up to {max_credits} contact hours of continuing pharmacy "
            "education."),
        "required_profile_fields": ["nabp_eprofile_id", "birth_mmdd"], "statement_design": "pharmacy",
    },
    {
        "code": "pace", "name": gettext_noop("P.A.C.E.® contact hours"),
        "unit_label": gettext_noop("P.A.C.E.® contact hours"),
        "minutes_per_credit": 50, "increment": "0.5", "daily_cap": "7.00",
        "designation_template": gettext_noop(
            "{provider} is approved as a provider of continuing education programs in the clinical laboratory "
            "sciences by the ASCLS P.A.C.E.® Program. This {activity_kind} offers up to {max_credits} P.A.C.E.® "
            "contact hours."),
        "required_profile_fields": [], "statement_design": "pace",
    },
]
