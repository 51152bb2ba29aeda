"""Publishing a course registers, updates and retires its sessions in a fixed number of queries."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ce_plugin import api
from ce_plugin.models import AuditEvent, CESession
from ce_plugin.statuses import AuditAction
from tests import factories

LIMIT = 20


def blocks(activity, count, title="Session"):
    start = factories.MEETING_START
    return [(str(activity.course_key.make_usage_key("ce_session", f"s{n}")), {
        "title": f"{title} {n}", "starts_at": start + timedelta(minutes=30 * n),
        "ends_at": start + timedelta(minutes=30 * n + 25), "track": f"Track {n % 3}", "speakers": ["Dr. A"],
        "learning_objectives": [], "max_credits": {"ama-pra-1": "0.5"}, "evaluation": [],
        "evaluation_required": False}) for n in range(count)]


def sync(activity, pairs):
    with CaptureQueriesContext(connection) as queries:
        result = api.sync_course_sessions(activity.course_key, pairs)
    return result, len(queries)


@pytest.mark.parametrize("count", [10, 100])
def test_first_publish_registers_every_block_in_bounded_queries(activity, count):
    result, queries = sync(activity, blocks(activity, count))
    assert queries <= LIMIT, queries
    assert len(result["registered"]) == count and not result["invalid"] and not result["retired"]
    assert CESession.objects.filter(activity=activity, retired_at__isnull=True).count() == count
    assert AuditEvent.objects.filter(action=AuditAction.SESSION_REGISTERED, activity=activity).count() == count


def test_republishing_unchanged_blocks_writes_nothing(activity):
    sync(activity, blocks(activity, 100))
    before = AuditEvent.objects.count()
    stamps = dict(CESession.objects.values_list("id", "modified"))
    with CaptureQueriesContext(connection) as queries:
        api.sync_course_sessions(activity.course_key, blocks(activity, 100))
    assert len(queries) <= LIMIT
    assert not [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert AuditEvent.objects.count() == before and dict(CESession.objects.values_list("id", "modified")) == stamps


def test_changes_retirements_and_returns_are_applied_in_bounded_queries(activity):
    sync(activity, blocks(activity, 100))
    pairs = blocks(activity, 100)
    for _, fields in pairs[:50]:
        fields["title"] += " (revised)"
    result, queries = sync(activity, pairs[:90])  # ten blocks removed from the course
    assert queries <= LIMIT
    assert len(result["retired"]) == 10 and len(result["registered"]) == 90
    assert CESession.objects.filter(title__endswith="(revised)").count() == 50
    assert CESession.objects.filter(retired_at__isnull=False).count() == 10
    updated = AuditEvent.objects.filter(action=AuditAction.SESSION_UPDATED)
    assert updated.count() == 60
    assert sorted(updated.filter(details__fields=["retired_at"]).values_list("details__usage_key", flat=True)) == \
        sorted(key for key, _ in pairs[90:])
    result, queries = sync(activity, blocks(activity, 100))  # the ten come back, with their old titles
    assert queries <= LIMIT and not result["retired"]
    assert CESession.objects.filter(activity=activity, retired_at__isnull=True).count() == 100
    assert CESession.objects.filter(title__endswith="(revised)").count() == 0


def test_invalid_blocks_and_foreign_blocks_are_reported_and_not_saved(activity):
    other = factories.ActivityFactory()
    foreign = str(other.course_key.make_usage_key("ce_session", "x"))
    api.sync_course_sessions(other.course_key, [(foreign, blocks(other, 1)[0][1])])
    pairs = blocks(activity, 3)
    pairs[1][1]["title"] = ""
    pairs.append((foreign, blocks(activity, 1)[0][1]))
    result, _ = sync(activity, pairs)
    assert set(result["invalid"]) == {pairs[1][0], foreign}
    assert "title" in result["invalid"][pairs[1][0]] and "usage_key" in result["invalid"][foreign]
    assert CESession.objects.filter(activity=activity).count() == 2
    assert CESession.objects.get(usage_key=other.course_key.make_usage_key("ce_session", "x")).activity == other
