"""
How long the claim rules take for one change as a learner's claim grows.

A change re-checks only the group of overlapping sessions the changed one belongs to, so the
cost should stay nearly flat as the learner's claim grows across a multi-day meeting. Prints
the median time of one ``change_violations`` call for 10, 40 and 120 claimed sessions, and the
ratio to the 10-session case measured in the same run.

    python benchmarks/bench_rules.py
"""
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ce_plugin import rules  # noqa: E402

AMA = rules.CreditArithmetic(60, Decimal("0.25"))
START = datetime(2026, 6, 10, 8, 0, tzinfo=timezone.utc)


def meeting(count):
    """``count`` sessions of 60 minutes, three tracks in parallel, staggered by 20 minutes."""
    slots = {}
    for index in range(count):
        start = START + timedelta(days=index // 27, minutes=20 * (index % 27))
        slots[f"s{index}"] = rules.Slot(f"s{index}", start, start + timedelta(minutes=60), Decimal("1.00"))
    return slots


def one_change(count, repeat=15):
    slots = meeting(count + 1)
    claims = {}
    for key in list(slots)[:count]:
        if not rules.change_violations(claims, key, Decimal("0.25"), slots, AMA, None):
            claims = rules.apply_change(claims, key, Decimal("0.25"))
    target = list(slots)[count]
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        rules.change_violations(claims, target, Decimal("0.25"), slots, AMA, None)
        timings.append(time.perf_counter() - began)
    return len(claims), statistics.median(timings)


def main():
    base = None
    print(f"{'claimed':>8} {'median ms':>10} {'ratio':>7}")
    for count in (10, 40, 120):
        claimed, seconds = one_change(count)
        base = base or seconds
        print(f"{claimed:>8} {seconds * 1000:>10.2f} {seconds / base:>7.1f}")


if __name__ == "__main__":
    main()
