"""
Learner profile fields a credit type may require on the claim (pure definitions and checks).

A credit type lists the codes it needs in ``CreditType.required_profile_fields`` and those it
asks for without requiring them in ``optional_profile_fields``; the claim wizard asks for exactly
those, and :func:`clean_profile` validates them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC "
    "ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP".split()
)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class ProfileField:
    code: str
    label: str
    help_text: str
    kind: str = "text"  # text | state | mmdd | consent


PROFILE_FIELDS = {
    field.code: field
    for field in (
        ProfileField("license_number", _("Licence number"), _("As printed on your state licence.")),
        ProfileField("license_state", _("Licence state"), _("Two-letter code of the issuing state."), "state"),
        ProfileField("nabp_eprofile_id", _("NABP e-Profile ID"),
                     _("Six or seven digits, from your CPE Monitor profile.")),
        ProfileField("birth_mmdd", _("Birth month and day"),
                     _("Four digits, month then day: 0731 for 31 July."), "mmdd"),
        ProfileField("board_id", _("Board ID"), _("Your certifying board's ID, to report MOC points.")),
        ProfileField("moc_consent", _("Consent to report to my board"),
                     _("I allow the provider to report my completion to my certifying board."), "consent"),
    )
}


def _valid(field: ProfileField, value: str) -> bool:
    if field.kind == "state":
        return value.upper() in US_STATES
    if field.kind == "mmdd":
        if not re.fullmatch(r"\d{4}", value):
            return False
        month, day = int(value[:2]), int(value[2:])
        return 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]
    if field.kind == "consent":
        return value in ("yes",)
    if field.code == "nabp_eprofile_id":
        return bool(re.fullmatch(r"\d{6,7}", value))
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ./-]{0,39}", value))


# A consent given needs what the report carries: reporting to a board needs the board ID and the
# birth month and day (ACCME PARS learner reporting); without them the consent could not be acted on.
CONSENT_NEEDS = {"moc_consent": ("board_id", "birth_mmdd")}


def clean_profile(required, submitted: dict, optional=()) -> tuple[dict, dict]:
    """
    ``(cleaned, errors)``: the required and the optional fields, normalised, and a message per bad field.

    A required field must be given; an optional one may be left empty, but what is given must be valid,
    and a consent given (``CONSENT_NEEDS``) requires the fields the report needs.
    """
    cleaned, errors = {}, {}
    required = [code for code in required if code in PROFILE_FIELDS]
    for code in required + [code for code in optional if code in PROFILE_FIELDS and code not in required]:
        field = PROFILE_FIELDS[code]
        raw = submitted.get(code)
        value = "yes" if raw is True else ("" if raw in (None, False) else str(raw).strip())
        if not value:
            if code in required:
                errors[code] = _("This field is required for the statement you chose.")
        elif len(value) > 40 or not _valid(field, value):
            errors[code] = _("This value is not valid.")
        else:
            cleaned[code] = value.upper() if field.kind == "state" else value
    for consent, needed in CONSENT_NEEDS.items():
        if cleaned.get(consent) == "yes":
            for code in needed:
                if not cleaned.get(code) and code not in errors:
                    errors[code] = _("Needed to report your completion to your board.")
    return cleaned, errors


PRINTED_NAME_MAX = 200
PRINTED_CREDENTIALS_MAX = 80
_PRINTABLE = re.compile(r"[^\x00-\x1f\x7f-\x9f\u2028\u2029]*")


def clean_printed_name(name, credentials) -> tuple[str, str, dict]:
    """
    ``(name, credentials, errors)`` as the statement will print them: spaces collapsed, limits checked.

    An empty name means the name in the learner's account. Control characters and line breaks are
    refused (a statement prints the name on one line).
    """
    cleaned, problems = [], {}
    for field, value, limit in (("printed_name", name, PRINTED_NAME_MAX),
                                ("printed_credentials", credentials, PRINTED_CREDENTIALS_MAX)):
        text = " ".join(value.split()) if isinstance(value, str) else ("" if value is None else None)
        if text is None or not _PRINTABLE.fullmatch(value or ""):
            problems[field] = _("Use letters, spaces and punctuation only, on one line.")
        elif len(text) > limit:
            problems[field] = _("At most %(limit)d characters.") % {"limit": limit}
        cleaned.append(text or "")
    return cleaned[0], cleaned[1], problems
