"""Model conventions: PII annotations on every model, documented status enums, migrations in step."""
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from ce_plugin import statuses
from ce_plugin.statuses import ClaimStatus


@pytest.mark.parametrize("label", ["ce_plugin", "ce_standalone"])
def test_every_model_docstring_carries_a_pii_annotation(label):
    for model in apps.get_app_config(label).get_models():
        doc = model.__doc__ or ""
        assert ".. no_pii:" in doc or (".. pii:" in doc and ".. pii_types:" in doc and ".. pii_retirement:" in doc), \
            f"{model.__name__} lacks a PII annotation"


def test_claim_status_is_a_documented_str_enum():
    assert issubclass(ClaimStatus, str)
    assert ClaimStatus.FINALIZED == "finalized"
    assert "IN_PROGRESS" in statuses.__doc__ and "FINALIZED" in statuses.__doc__


@pytest.mark.django_db
def test_models_and_migrations_are_in_step():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)


def test_system_checks_pass():
    call_command("check", stdout=StringIO())


@pytest.mark.django_db
def test_default_credit_types_are_loaded_by_migration():
    from ce_plugin.models import CreditType
    codes = set(CreditType.objects.values_list("code", flat=True))
    assert {"ama-pra-1", "participation", "ancc", "acpe", "pace"} <= codes
    pace = CreditType.objects.get(code="pace")
    assert (pace.minutes_per_credit, str(pace.daily_cap)) == (50, "7.00")
