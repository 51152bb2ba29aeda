"""
The rows of the claim page's table, written in Python.

A day of a large meeting has a hundred rows or more, and the platform's template loaders compile
templates on every request; building the rows here (every value passed through ``escape``) costs a
fraction of rendering them through the template engine, so the page stays fast at any meeting size.
The template places the result (``rows_html``); everything around the table stays in the template.
"""
from django.utils.html import escape
from django.utils.safestring import mark_safe


def _evaluation(row, editable, labels):
    session = row["session"]
    if row["evaluated"]:
        return f'<span class="ce-ok">{labels["evaluated"]}</span>'
    if session.has_evaluation and editable:
        label = labels["evaluate_required"] if row["needs_evaluation"] else labels["evaluate"]
        return f'<a href="{escape(row["evaluate_url"])}" data-evaluate>{label}</a>'
    return labels["evaluation"] if session.has_evaluation else "–"


def _row(row, editable, labels):
    session, index, key = row["session"], row["index"], escape(row["key"])
    if editable:
        invalid = f' aria-invalid="true" aria-describedby="error-{index}"' if row["error"] else ""
        disabled = " disabled" if row["needs_evaluation"] else ""
        credits = (f'<label class="ce-visually-hidden" for="credits-{index}">{escape(row["label"])}</label>'
                   f'<input id="credits-{index}" form="ce-claim-form" name="{escape(row["field"])}" '
                   f'value="{escape(row["value"])}" inputmode="decimal" size="6" autocomplete="off"{invalid}{disabled}'
                   f' data-credits>')
    else:
        credits = escape(row["claimed"])
    concurrent = row["concurrent"]
    details = "".join((
        f' <span class="ce-track-name">{escape(session.track)}</span>' if session.track else "",
        f'<br><span class="ce-hint">{escape(row["speakers"])}</span>' if row["speakers"] else "",
        f'<br><span class="ce-hint">{escape(concurrent)}</span>' if concurrent else "",
        f'<br><span class="ce-hint" data-suggestion>{escape(row["suggestion"])}</span>' if row["suggestion"] else "",
        f'<br><span class="ce-hint" data-check-in-needed>{labels["check_in_needed"]}</span>'
        if row["needs_check_in"] else "",
    ))
    row_class = ' class="ce-concurrent"' if concurrent else ""
    error_mark = " data-error" if row["error"] else ""
    mark = f'<br><span class="ce-concurrent-mark">{labels["concurrent"]}</span>' if concurrent else ""
    html = (f'<tr id="session-{key}" data-session="{key}"{row_class}{error_mark}>'
            f'<td class="ce-time">{escape(row["time"])}{mark}</td>'
            f'<td><a href="{escape(row["unit_url"])}">{escape(session.title)}</a>{details}</td>'
            f'<td class="num">{escape(row["maximum"])}</td><td>{credits}</td>'
            f'<td>{_evaluation(row, editable, labels)}</td></tr>')
    if row["error"]:
        html += (f'<tr class="ce-row-error"><td colspan="5"><p class="ce-error" id="error-{index}" data-row-error>'
                 f'{escape(row["error"])}</p></td></tr>')
    return html


def render_rows(rows, editable, labels):
    """The ``<tr>`` elements of the day's sessions (and their error rows), as safe HTML."""
    labels = {name: escape(text) for name, text in labels.items()}
    return mark_safe("".join(_row(row, editable, labels) for row in rows))  # noqa: S308 - every value escaped above
