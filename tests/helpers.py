"""Small helpers shared by test modules (the in-platform suite included)."""
import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """The text of a PDF, as a reader would copy it: pages joined, runs of white space folded."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)
