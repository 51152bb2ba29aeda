"""Small server-side SVG bar charts for evaluation results (no JavaScript, no library)."""
from django.utils.html import escape
from django.utils.safestring import mark_safe


def bar_chart(title: str, labels: list[str], counts: list[int], width: int = 420) -> str:
    """A horizontal bar chart with a text alternative: one bar per label, its count at the end."""
    bar_height, gap, label_width = 18, 6, 150
    height = len(labels) * (bar_height + gap) + gap
    largest = max(counts or [0]) or 1
    room = width - label_width - 40
    rows = []
    for index, (label, count) in enumerate(zip(labels, counts, strict=True)):
        y = gap + index * (bar_height + gap)
        length = round(room * count / largest)
        rows.append(
            f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end" font-size="12">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" fill="#0a3055"></rect>'
            f'<text x="{label_width + length + 4}" y="{y + 13}" font-size="12">{count}</text>')
    summary = ", ".join(f"{label}: {count}" for label, count in zip(labels, counts, strict=True))
    return mark_safe(  # noqa: S308 (every text is escaped above)
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="ce-chart"><title>{escape(title)}</title>'
        f'<desc>{escape(summary)}</desc>{"".join(rows)}</svg>')
