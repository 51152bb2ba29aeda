"""The name and credentials a learner's statement will print, shown and corrected before finalizing."""
from __future__ import annotations

from django.db import transaction

from ce_plugin import compat
from ce_plugin import exceptions as errors
from ce_plugin.data import PrintedName
from ce_plugin.models import LearnerClaim
from ce_plugin.profile_fields import clean_printed_name
from ce_plugin.statuses import AuditAction

from .common import activity_row, audit, locked_claim, refuse_if_finalized, require_enrolled, signed_in


def printed_name_of(user, claim) -> PrintedName:
    """What ``claim`` will print: the learner's correction when there is one, else the account's full name."""
    account = compat.get_user_full_name(user)
    name = (claim.printed_name if claim is not None else "") or account
    return PrintedName(name=name, credentials=claim.printed_credentials if claim is not None else "",
                       account_name=account)


def get_printed_name(user, course_key) -> PrintedName:
    """The name and credentials the learner's statement for the activity will print."""
    user = signed_in(user)
    activity = activity_row(course_key)
    return printed_name_of(user, LearnerClaim.objects.filter(activity=activity, user=user).first())


def set_printed_name(user, course_key, name, credentials) -> PrintedName:
    """
    Correct the name and credentials this activity's statement prints (the account is left as it is).

    An empty name prints the account's name again. Raises ``InvalidInputError`` (``printed_name``,
    ``printed_credentials``), ``StatementTypeRequired`` before a claim exists and
    ``ClaimFinalizedError`` after finalizing: the issued statement keeps the name it printed.
    """
    user = signed_in(user)
    activity = activity_row(course_key)
    require_enrolled(user, activity.course_key)
    name, credentials = clean_or_refuse(user, name, credentials)
    with transaction.atomic():
        claim = locked_claim(activity, user)
        if claim is None:
            raise errors.StatementTypeRequired()
        refuse_if_finalized(claim)
        store(claim, activity, user, name, credentials)
    return printed_name_of(user, claim)


def clean_or_refuse(user, name, credentials) -> tuple[str, str]:
    """The name and credentials as they will print (``""`` for the account's own name), or ``InvalidInputError``."""
    name, credentials, problems = clean_printed_name(name, credentials)
    if problems:
        raise errors.InvalidInputError(errors=problems)
    if name == compat.get_user_full_name(user):
        name = ""  # the account's name, kept as "no correction" so a later profile fix still applies
    return name, credentials


def store(claim, activity, user, name, credentials):
    """Write a cleaned name and credentials on the (locked, not finalized) claim, with an audit event if changed."""
    if (claim.printed_name, claim.printed_credentials) != (name, credentials):
        claim.printed_name, claim.printed_credentials = name, credentials
        claim.save(update_fields=["printed_name", "printed_credentials", "modified"])
        audit(AuditAction.PRINTED_NAME_SET, activity=activity, actor=user, subject=user,
              corrected=bool(name), credentials=bool(credentials))
