"""What learners report themselves: continuing education they earned from other providers."""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ce_plugin.storage import external_certificate_upload_to, records_storage

from .base import TimeStampedModel, check_constraint
from .catalog import CreditType


class ExternalCredit(TimeStampedModel):
    """
    Credit a learner earned from another provider and recorded on their transcript themselves (self-reported).

    Nothing here was verified by the CE office: the transcript lists these apart from the statements of
    credit, as self-reported, with totals of their own. The credit type is one of the site's
    ``credit_type``\\ s or, for a kind the site does not issue, the learner's own words in
    ``other_credit_type``; never both, never neither. The optional certificate (PDF, PNG or JPEG, told by
    its content) lives in the private records storage under a random name and is served only to the
    learner. The learner may change or delete an entry at any time; its file goes with it, and
    ``ce_plugin.api.retire_user`` deletes every entry and file of a retiring learner (no accreditor
    requires the plugin to keep a record it did not issue).

    .. pii: user; provider and title of the learner's own activities; the certificate file prints the
       learner's name and may show licence numbers (other), often as a scanned picture (image).
    .. pii_types: id, name, image, other
    .. pii_retirement: local_api
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    provider = models.CharField(_("provider"), max_length=255)
    title = models.CharField(_("activity title"), max_length=255)
    completed_on = models.DateField(_("date completed"))
    credit_type = models.ForeignKey(CreditType, null=True, blank=True, related_name="+", on_delete=models.PROTECT)
    other_credit_type = models.CharField(_("other credit type"), max_length=100, blank=True)
    amount = models.DecimalField(_("credits"), max_digits=6, decimal_places=2)
    certificate = models.FileField(_("certificate"), storage=records_storage,
                                   upload_to=external_certificate_upload_to, max_length=200, blank=True)
    certificate_type = models.CharField(_("certificate file type"), max_length=40, blank=True)

    class Meta:
        ordering = ["-completed_on", "-created"]
        indexes = [models.Index(fields=["user", "completed_on"], name="ce_external_credit_user")]
        constraints = [
            check_constraint((Q(credit_type__isnull=False) & Q(other_credit_type=""))
                             | (Q(credit_type__isnull=True) & ~Q(other_credit_type="")),
                             name="ce_external_credit_one_type"),
            check_constraint(Q(amount__gt=0), name="ce_external_credit_positive"),
        ]
        verbose_name = _("external credit")
        verbose_name_plural = _("external credits")

    def __str__(self):
        return f"{self.user_id} {self.completed_on} {self.title}"
