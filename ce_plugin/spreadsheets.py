"""
Cells written to CSV files that people open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula, so learner-written text (an evaluation comment, a name)
could run one on a CE office's machine. OWASP's rule: such a cell is prefixed with a single quote,
which spreadsheets show as text. Files with an exact format read by a machine (the ACCME PARS and
ACPE CPE Monitor uploads) are written as they are and refuse such values where they enter instead.
"""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value) -> bool:
    """True for text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe_cell(value):
    """``value`` as a spreadsheet shows it as text: formula-like text gets a leading ``'``; others unchanged."""
    return "'" + value if formula_like(value) else value


def safe_row(row):
    return [safe_cell(value) for value in row]
