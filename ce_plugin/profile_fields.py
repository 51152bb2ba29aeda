"""
Learner profile fields a credit type may require on the claim (pure definitions and checks).

A credit type lists the codes it needs in ``CreditType.required_profile_fields``; the
claim wizard asks for exactly those, and :func:`clean_profile` validates them.
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


def clean_profile(required: tuple[str, ...] | list[str], submitted: dict) -> tuple[dict, dict]:
    """``(cleaned, errors)``: the required fields, normalised, and a message per bad field."""
    cleaned, errors = {}, {}
    for code in required:
        field = PROFILE_FIELDS.get(code)
        if field is None:
            continue
        raw = submitted.get(code)
        value = "yes" if raw is True else ("" if raw in (None, False) else str(raw).strip())
        if not value:
            errors[code] = _("This field is required for the statement you chose.")
        elif not _valid(field, value):
            errors[code] = _("This value is not valid.")
        else:
            cleaned[code] = value.upper() if field.kind == "state" else value
    return cleaned, errors
