"""Small helpers shared by test modules (the in-platform suite included)."""
import io
import re
from html.parser import HTMLParser

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """The text of a PDF, as a reader would copy it: pages joined, runs of white space folded."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


class _Attributes(HTMLParser):
    """Collects ``(tag, attribute, value)`` of every attribute on a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.extend((tag, name, value or "", dict(attrs)) for name, value in attrs)


def localized_number_attributes(html: str) -> list:
    """
    Attributes that browsers or scripts read as numbers but that hold a number written with a decimal comma:
    ``min``, ``max``, ``step``, ``data-*``, and the ``value`` and ``placeholder`` of ``<input type="number">``.
    (A text box's value is text shown to the reader, in the reader's notation.)
    """
    parser = _Attributes()
    parser.feed(html)
    return [(tag, name, value) for tag, name, value, attrs in parser.found
            if re.search(r"\d,\d", value) and (name in ("min", "max", "step", "low", "high", "optimum")
                                               or name.startswith("data-")
                                               or (attrs.get("type") == "number" and name in ("value", "placeholder"))
                                               or (tag in ("progress", "meter") and name == "value"))]
