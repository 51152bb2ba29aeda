"""
Hypothesis strategies of hostile input: arbitrary JSON, strings, numbers, keys and unicode, with the
values probes used against the plugin mixed in (huge exponents, infinities, empty codes, CR-only lines).

``CE_FUZZ_EXAMPLES`` sets the examples per family: a small number in ``make test``, 10,000 or more in
``make fuzz`` (docs/reliability.md).
"""
import os

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("CE_FUZZ_EXAMPLES", "20"))
# CE_FUZZ_SHRINK=0 reports the first failing example as found (quicker while fixing many at once).
PHASES = [phase for phase in Phase if os.environ.get("CE_FUZZ_SHRINK", "1") == "1" or phase != Phase.shrink]
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=EXAMPLES < 1000, phases=PHASES,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large, HealthCheck.filter_too_much])

NASTY_STRINGS = st.sampled_from([
    "", " ", "----", "1e999999999", "-1e999999999", "1e-999999999", "Infinity", "-Infinity", "NaN", "0", "-0",
    "0.001", "99999", "1" * 400, "0x10", "١٢", "\x00", "\r", "\r\n", "\u202e", "<script>", "'; DROP TABLE x;--",
    "=HYPERLINK(\"x\")", "9999-12-31T23:59", "0000-00-00", "2026-02-30T10:00", "course-v1:A+B+C",
    "block-v1:A+B+C+type@ce_session+block@x", "../../etc/passwd", "%00", "a" * 70000,
])
TEXT = st.one_of(NASTY_STRINGS, st.text(max_size=60))
NUMBERS = st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.decimals(allow_nan=True))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
                    st.floats(allow_nan=True, allow_infinity=True), TEXT)
JSON = st.recursive(SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(TEXT, children, max_size=4)), max_leaves=12)


def json_object(keys):
    """Dicts with the keys a handler or form expects (and others), each holding anything."""
    return st.dictionaries(st.one_of(st.sampled_from(keys), TEXT), JSON, max_size=len(keys) + 2)
