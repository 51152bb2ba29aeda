"""
Statement PDFs against WeasyPrint's floor, in CPU time measured in one process and one run.

The floor is WeasyPrint's one-page document (a heading and a paragraph, no variant). Each statement
is the physician design (PDF/A-2a, tagged, embedded subset fonts, QR code) with 1, 10, 40 and 150
sessions, built by ``build_snapshot`` as issuing does and rendered by ``render_pdf`` as the worker
does. Figures are the median CPU time of a few renders, and the ratio to the floor beside its target.
Last, the floor under those targets: WeasyPrint laying out as many one-line paragraphs as the statement's
table has cells, with nothing else (no table, no tagging, no PDF/A, default fonts):

    python benchmarks/bench_statements.py
"""
import statistics
import time

from devhost_env import setup_django

setup_django(DEVHOST_CELERY_BROKER="memory://", DEVHOST_DEBUG="0")

from statement_sample import snapshot  # noqa: E402

from ce_plugin.statements import render_pdf  # noqa: E402

TARGETS = {1: None, 10: None, 40: 3.0, 150: 8.0}
CELLS = 4  # date, time, title and credits: one text box each
RUNS = {0: 9, 1: 7, 10: 7, 40: 5, 150: 3}


def cpu_median(render, runs):
    times = []
    for _ in range(runs):
        began = time.process_time()
        render()
        times.append(time.process_time() - began)
    return statistics.median(times)


def floor():
    from weasyprint import HTML  # pylint: disable=import-outside-toplevel
    return HTML(string="<h1>Floor</h1><p>WeasyPrint's one-page document.</p>").write_pdf()


def plain_lines(count):
    """WeasyPrint alone laying out ``count`` one-line paragraphs: what a table of that many cells cannot beat."""
    from weasyprint import HTML  # pylint: disable=import-outside-toplevel
    lines = "".join(f"<p>Session {n}: a one-line title</p>" for n in range(count))
    return HTML(string=f"<h1>Lines</h1>{lines}").write_pdf()


def main():
    floor()  # warm: fonts, caches, imports
    render_pdf(snapshot(1))
    base = cpu_median(floor, RUNS[0])
    print(f"Statement PDFs, CPU time; floor (WeasyPrint one-page document) {base * 1000:.0f} ms")
    failed = False
    for sessions, target in TARGETS.items():
        data = snapshot(sessions)
        took = cpu_median(lambda data=data: render_pdf(data), RUNS[sessions])
        ratio = took / base
        verdict = "" if target is None else (" pass" if ratio <= target else " MISS")
        failed |= verdict == " MISS"
        print(f"  {sessions:>3} sessions: {took * 1000:7.0f} ms  {ratio:5.1f}x the floor"
              + (f"  (target <= {target:.0f}x){verdict}" if target else ""))
    print("  WeasyPrint's own cost of the table's text, no table, no tags, no PDF/A "
          f"({CELLS} one-line paragraphs per session):")
    for sessions in (40, 150):
        took = cpu_median(lambda sessions=sessions: plain_lines(CELLS * sessions), RUNS[sessions])
        print(f"  {sessions:>3} sessions' cells: {took * 1000:7.0f} ms  {took / base:5.1f}x the floor")
    return failed


if __name__ == "__main__":
    main()
