"""
Credit a learner earned from other providers, recorded by the learner (self-reported).

A learner keeps one transcript of all their continuing education: the statements this site issued, and
what they earned elsewhere, entered themselves with an optional certificate file. Self-reported entries
are never mixed with issued statements: the transcript lists them apart, with totals of their own, and
marks them as self-reported. Only the learner reads, changes or deletes their entries and files: every
lookup is by the learner *and* the entry's id, and an entry of someone else is "not found", as one that
does not exist. Each change is audited and rebuilds the stored transcript PDF.
"""
from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ce_plugin import exceptions as errors
from ce_plugin import file_types, rules
from ce_plugin.data import CertificateFile, ExternalCreditData, ExternalCredits, TranscriptTotal
from ce_plugin.models import CreditType, ExternalCredit
from ce_plugin.statuses import AuditAction

from .common import EARLIEST, audit, signed_in, text_input

OTHER = "other"  # the credit type choice for a kind the site does not issue, named by the learner
MAX_ENTRIES = 500  # per learner: far more than a career's worth, and a bound on what one account may store
FIELDS = ("provider", "title", "completed_on", "credit_type_id", "other_credit_type", "amount")


def external_certificate_limit() -> int:
    """The largest certificate file a learner may attach, in bytes (``CE_EXTERNAL_CERTIFICATE_MAX_BYTES``)."""
    return max(1, int(getattr(settings, "CE_EXTERNAL_CERTIFICATE_MAX_BYTES", 5 * 1024 * 1024)))


def _data(row) -> ExternalCreditData:
    if row.credit_type_id is not None:
        code, name, unit = row.credit_type.code, row.credit_type.name, row.credit_type.unit_label
    else:
        code, name, unit = "", row.other_credit_type, _("credits")
    return ExternalCreditData(
        id=str(row.id), provider=row.provider, title=row.title, completed_on=row.completed_on,
        credit_type_code=code, credit_type_name=name, unit_label=unit, amount=Decimal(row.amount),
        has_certificate=bool(row.certificate), modified=row.modified)


def get_external_credits(user) -> ExternalCredits:
    """
    The learner's self-reported credit, latest completed first, with totals per credit type (one query).

    A site credit type totals under its code; a type the learner named totals under that name, whatever
    its case or spacing ("ANCC contact hours" and "ancc  Contact Hours" add up), shown as first recorded.
    """
    user = signed_in(user)
    entries = tuple(_data(row) for row in ExternalCredit.objects.filter(user=user).select_related("credit_type"))
    sums, labels = defaultdict(lambda: Decimal("0.00")), {}
    for entry in reversed(entries):  # the earliest first: its spelling names the total
        key = (0, entry.credit_type_code) if entry.credit_type_code else (1, " ".join(
            entry.credit_type_name.split()).casefold())
        sums[key] += entry.amount
        labels.setdefault(key, (entry.credit_type_code, entry.credit_type_name, entry.unit_label))
    totals = tuple(TranscriptTotal(None, *labels[key], sums[key])
                   for key in sorted(sums, key=lambda key: (key[0], labels[key][1].casefold())))
    return ExternalCredits(entries=entries, totals=totals)


def _row(user, credit_id, lock=False) -> ExternalCredit:
    """The learner's own entry (locked for the transaction when asked); ``ExternalCreditNotFound`` otherwise."""
    try:
        key = uuid.UUID(str(credit_id)) if isinstance(credit_id, (str, uuid.UUID)) else None
    except ValueError:
        key = None
    # Locked without the join: FOR UPDATE cannot take the nullable side of an outer join on every database.
    rows = ExternalCredit.objects.select_for_update() if lock else ExternalCredit.objects.select_related("credit_type")
    row = rows.filter(id=key, user=user).first() if key else None
    if row is None:
        raise errors.ExternalCreditNotFound()
    return row


def get_external_credit(user, credit_id) -> ExternalCreditData:
    """One entry of the learner's own; raises ``ExternalCreditNotFound`` for any other id."""
    return _data(_row(signed_in(user), credit_id))


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _clean_text(value, field, max_length, problems, required=True) -> str:
    try:
        text = text_input(value, field, max_length=max_length)
    except errors.InvalidInputError as exc:
        problems.update(exc.field_errors())
        return ""
    if required and not text:
        problems[field] = _("This field is required.")
    return text


def _clean_date(value, today, problems):
    if isinstance(value, date) and not hasattr(value, "hour"):
        day = value
    else:
        try:
            day = date.fromisoformat(text_input(value, "completed_on", max_length=10))
        except (errors.InvalidInputError, ValueError):
            problems["completed_on"] = (_("This field is required.") if _blank(value)
                                        else _("Enter the date as YYYY-MM-DD."))
            return None
    if day < EARLIEST.date():
        problems["completed_on"] = _("Enter a date after 1900.")
    elif (day - today).days > 1:  # a day's grace: the learner's today may be ahead of the server's
        problems["completed_on"] = _("The date cannot be in the future.")
    return day


def _clean_amount(value, problems):
    try:
        amount = rules.parse_amount(value)
    except ValueError:
        problems["amount"] = (_("This field is required.") if _blank(value)
                              else _("Enter a number of credits, such as 1.5 or 1,5."))
        return None
    found = rules.self_reported_violations(amount)
    if found:
        problems["amount"] = str(errors.rule_error(found[0]).message)
    return amount


def _clean_credit_type(value, other, problems):
    """``(CreditType or None, other name)``: a site credit type, or ``other`` with the learner's name for it."""
    code = _clean_text(value, "credit_type", 40, problems)
    if not code:
        problems["credit_type"] = _("Choose a credit type.")
        return None, ""
    if code == OTHER:
        return None, " ".join(_clean_text(other, "other_credit_type", 100, problems).split())
    credit_type = CreditType.objects.filter(code=code).first()
    if credit_type is None:
        problems["credit_type"] = _("Choose one of the listed credit types.")
    return credit_type, ""


class _Upload:
    """A checked certificate: its bytes and the content type they are."""

    def __init__(self, content: bytes, content_type: str):
        self.content, self.content_type = content, content_type


def _clean_certificate(certificate, problems) -> _Upload | None:
    """
    The uploaded certificate, or ``None`` without one. Refused (in ``problems``): not a file, over the size limit,
    content that is not a PDF, PNG or JPEG, or a name whose extension says otherwise than the content.
    """
    if certificate is None:
        return None
    if not isinstance(certificate, File):
        problems["certificate"] = _("Expected a file.")
        return None
    limit = external_certificate_limit()
    megabytes = f"{limit / (1024 * 1024):.1f}".removesuffix(".0")
    too_large = _("The file is larger than %(size)s MB.") % {"size": megabytes}
    try:
        if (certificate.size or 0) > limit:
            problems["certificate"] = too_large
            return None
        certificate.seek(0)
        content = certificate.read(limit + 1)
    except (OSError, ValueError):  # closed, or not readable
        problems["certificate"] = _("Expected a file.")
        return None
    if len(content) > limit:
        problems["certificate"] = too_large
        return None
    if not content:
        problems["certificate"] = _("The file is empty.")
        return None
    content_type = file_types.sniff(content[:file_types.HEAD_BYTES])
    named = file_types.named_type(certificate.name or "")
    if content_type is None or named is None:
        problems["certificate"] = _("Attach a PDF, PNG or JPEG file.")
        return None
    if named != content_type:
        problems["certificate"] = _("The file's content does not match its name: attach a PDF, PNG or JPEG file "
                                    "named as what it is.")
        return None
    return _Upload(content, content_type)


def _clean(provider, title, completed_on, credit_type, other_credit_type, amount, certificate, now):
    """The entry's fields and certificate, checked; raises ``InvalidInputError`` listing every problem."""
    problems = {}
    fields = {
        "provider": _clean_text(provider, "provider", 255, problems),
        "title": _clean_text(title, "title", 255, problems),
        "completed_on": _clean_date(completed_on, timezone.localdate(now or timezone.now()), problems),
        "amount": _clean_amount(amount, problems),
    }
    fields["credit_type"], fields["other_credit_type"] = _clean_credit_type(credit_type, other_credit_type, problems)
    upload = _clean_certificate(certificate, problems)
    if problems:
        raise errors.InvalidInputError(errors=problems)
    return fields, upload


def _store(row, upload):
    """Write the certificate to the records storage (under a random name); the name written."""
    row.certificate_type = upload.content_type
    row.certificate.save("certificate", ContentFile(upload.content), save=False)
    return row.certificate.name


def _delete_after_commit(storage, name):
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _transcript_changed(user_id):
    from .transcripts import statements_changed  # pylint: disable=import-outside-toplevel
    statements_changed(user_id)


def _audited(row) -> dict:
    """What an audit event of an entry records: no provider or title, which are the learner's to delete."""
    return {"entry": str(row.id), "credit_type": row.credit_type.code if row.credit_type_id else OTHER,
            "amount": str(row.amount), "certificate": bool(row.certificate)}


def add_external_credit(user, provider, title, completed_on, credit_type, amount, other_credit_type="",
                        certificate=None, now=None) -> ExternalCreditData:
    """
    Record credit the learner earned elsewhere, with an optional certificate file.

    ``credit_type`` is a site credit type's code, or ``"other"`` with ``other_credit_type`` naming the kind;
    ``amount`` is > 0 and at most ``rules.SELF_REPORTED_MAX``, typed with a decimal point or comma;
    ``completed_on`` a date (or ``YYYY-MM-DD``) not in the future; ``certificate`` a file (PDF, PNG or JPEG by
    its content, at most ``CE_EXTERNAL_CERTIFICATE_MAX_BYTES``). Raises ``InvalidInputError`` listing every
    problem per field; nothing is stored then.
    """
    user = signed_in(user)
    fields, upload = _clean(provider, title, completed_on, credit_type, other_credit_type, amount, certificate, now)
    written, storage = None, ExternalCredit._meta.get_field("certificate").storage
    try:
        with transaction.atomic():
            if ExternalCredit.objects.filter(user=user).count() >= MAX_ENTRIES:
                raise errors.InvalidInputError(errors={"__all__": _(
                    "You have recorded %(count)d entries, the most one transcript holds. Delete old ones first.")
                    % {"count": MAX_ENTRIES}})
            row = ExternalCredit(user=user, **fields)
            if upload is not None:
                written = _store(row, upload)
            row.save()
            audit(AuditAction.EXTERNAL_CREDIT_ADDED, actor=user, subject=user, **_audited(row))
            _transcript_changed(user.id)
    except BaseException:
        if written:  # the row was not saved: its file goes too
            storage.delete(written)
        raise
    return _data(row)


def change_external_credit(user, credit_id, provider, title, completed_on, credit_type, amount,
                           other_credit_type="", certificate=None, remove_certificate=False,
                           now=None) -> ExternalCreditData:
    """
    Change one of the learner's entries: its fields, and its certificate (a new file replaces the old one;
    ``remove_certificate=True`` removes it). The replaced file is deleted from storage after commit.

    Raises ``ExternalCreditNotFound`` for an id that is not one of the learner's entries, and
    ``InvalidInputError`` as :func:`add_external_credit` does; nothing changes then.
    """
    user = signed_in(user)
    _row(user, credit_id)  # someone else's entry is not found, whatever the input
    fields, upload = _clean(provider, title, completed_on, credit_type, other_credit_type, amount, certificate, now)
    written, storage = None, ExternalCredit._meta.get_field("certificate").storage
    try:
        with transaction.atomic():
            row = _row(user, credit_id, lock=True)
            before = {name: getattr(row, name) for name in FIELDS}
            for name, value in fields.items():
                setattr(row, name, value)
            changed = [name.removesuffix("_id") for name in FIELDS if getattr(row, name) != before[name]]
            old = row.certificate.name
            if upload is not None:
                written = _store(row, upload)
                changed.append("certificate")
            elif remove_certificate is True and old:
                row.certificate, row.certificate_type = "", ""
                changed.append("certificate")
            if not changed:
                return _data(row)
            row.save()
            if old and row.certificate.name != old:
                _delete_after_commit(storage, old)
            audit(AuditAction.EXTERNAL_CREDIT_CHANGED, actor=user, subject=user, fields=sorted(set(changed)),
                  **_audited(row))
            _transcript_changed(user.id)
    except BaseException:
        if written:  # the change was not saved: the new file goes
            storage.delete(written)
        raise
    return _data(row)


def delete_external_credit(user, credit_id) -> None:
    """
    Delete one of the learner's entries and its certificate file (from storage, after commit); audited.

    Raises ``ExternalCreditNotFound`` for an id that is not one of the learner's entries.
    """
    user = signed_in(user)
    with transaction.atomic():
        row = _row(user, credit_id, lock=True)
        details = _audited(row)
        _delete_after_commit(row.certificate.storage, row.certificate.name)
        row.delete()
        audit(AuditAction.EXTERNAL_CREDIT_DELETED, actor=user, subject=user, **details)
        _transcript_changed(user.id)


def get_external_certificate(user, credit_id) -> CertificateFile:
    """
    The certificate file of one of the learner's entries, as stored; ``ExternalCreditNotFound`` when the entry
    is not theirs or has no file.
    """
    row = _row(signed_in(user), credit_id)
    if not row.certificate:
        raise errors.ExternalCreditNotFound(_("This entry has no certificate file."))
    with row.certificate.open("rb") as handle:
        content = handle.read()
    extension = file_types.EXTENSIONS.get(row.certificate_type, "dat")
    return CertificateFile(f"certificate-{row.completed_on.isoformat()}.{extension}", content,
                           row.certificate_type or "application/octet-stream")


def delete_external_credits(user) -> int:
    """Delete every entry of the learner and their files (retirement); how many there were."""
    rows = list(ExternalCredit.objects.filter(user=user).only("id", "certificate"))
    for row in rows:
        _delete_after_commit(row.certificate.storage, row.certificate.name)
    ExternalCredit.objects.filter(id__in=[row.id for row in rows]).delete()
    return len(rows)
