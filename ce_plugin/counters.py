"""Counts kept in the shared cache for throttling: how often something happened within a window of time."""
from django.core.cache import cache


def count(key: str, window: int) -> int:
    """
    Count one more occurrence under ``key`` and return how many the current window holds.

    A window starts with its first occurrence and lasts ``window`` seconds; ``incr`` keeps the cache's own
    expiry, so the counts of concurrent requests add up.
    """
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def current(key: str) -> int:
    """How many occurrences the window running under ``key`` holds (0 when none)."""
    return cache.get(key) or 0
