"""
The certificate files a learner may upload, told by their content (the first bytes), not by their name.

A certificate of credit earned elsewhere is a PDF or a picture of one: PDF, PNG or JPEG. The name's
extension must be one of these and agree with what the content is; anything else is refused, so a
page, a script or an archive renamed ``certificate.pdf`` is never stored nor served back.
"""
from __future__ import annotations

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg"}  # as stored (the name is random, the extension ours)
NAME_EXTENSIONS = {"pdf": PDF, "png": PNG, "jpg": JPEG, "jpeg": JPEG}
SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
HEAD_BYTES = 16  # enough for every signature above


def sniff(head: bytes) -> str | None:
    """The content type the file's first bytes announce (one of :data:`EXTENSIONS`), else ``None``."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def named_type(filename: str) -> str | None:
    """The content type a file name claims by its extension (``.pdf``, ``.png``, ``.jpg``, ``.jpeg``), or ``None``."""
    if not isinstance(filename, str) or "." not in filename:
        return None
    return NAME_EXTENSIONS.get(filename.rsplit(".", 1)[-1].strip().lower())
