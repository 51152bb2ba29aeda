"""Learner-facing text is marked for translation: with the Esperanto test catalog every string changes."""
from django.utils import translation

from ce_plugin import exceptions as errors
from tests import factories
from tests.test_block import add_block, render


def test_domain_errors_are_translated():
    with translation.override("eo"):
        assert str(errors.StatementTypeRequired().message) == "[Séléct yøür stàtémént øf crédît fîrst.]"


def test_block_text_is_translated(enrolled, activity, statement_type):
    key = add_block(activity, "talk1", factories.MEETING_START)
    with translation.override("eo"):
        html = render(enrolled, key)
    assert "[Léàrnîng øbjéctîvés]" in html
    assert "Learning objectives" not in html
