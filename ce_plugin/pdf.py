"""
HTML to PDF with WeasyPrint, fetching only files packaged with the plugin.

Templates refer to packaged assets as ``ce-static:<path below static/>`` (fonts, images, CSS).
The URL fetcher serves those from :func:`ce_plugin.assets.static_root` and refuses every other
URL, so rendering never touches the network or the file system outside the package. WeasyPrint
68 and later take a ``URLFetcher`` instance; earlier releases take a function returning a dict;
both are supported.
"""
from __future__ import annotations

import mimetypes

from ce_plugin.assets import static_root

SCHEME = "ce-static:"


class BlockedURL(ValueError):
    """A URL the statement renderer will not fetch."""


def packaged_file(url: str) -> tuple[bytes, str]:
    """The bytes and MIME type of a ``ce-static:`` URL; raises :class:`BlockedURL` for anything else."""
    if not url.startswith(SCHEME):
        raise BlockedURL(f"not a packaged file: {url}")
    root = static_root().resolve()
    path = (root / url[len(SCHEME):].lstrip("/")).resolve()
    if root not in path.parents or not path.is_file():
        raise BlockedURL(f"no packaged file at {url}")
    mime = mimetypes.guess_type(path.name)[0] or ("font/ttf" if path.suffix == ".ttf" else "application/octet-stream")
    return path.read_bytes(), mime


def url_fetcher():
    """A WeasyPrint URL fetcher limited to :func:`packaged_file`."""
    try:
        from weasyprint.urls import URLFetcher, URLFetcherResponse  # pylint: disable=import-outside-toplevel
    except ImportError:  # WeasyPrint < 68: a plain function returning a dict
        def fetch(url):
            data, mime = packaged_file(url)
            return {"string": data, "mime_type": mime, "redirected_url": url}
        return fetch

    class PackagedFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            data, mime = packaged_file(url)
            return URLFetcherResponse(url, data, {"Content-Type": mime})

    return PackagedFetcher(fail_on_errors=True)


FALLBACK_VARIANT = "pdf/a-2b"


def html_to_pdf(html: str, *, pdf_variant: str | None = None) -> bytes:
    """
    Render ``html`` to PDF bytes, as the PDF variant asked for (e.g. ``pdf/a-2a``: archival and tagged).

    A WeasyPrint too old to know the variant gets the plain archival ``pdf/a-2b``, tagged when it can.
    """
    from weasyprint import HTML  # pylint: disable=import-outside-toplevel
    options = {}
    if pdf_variant:
        try:
            from weasyprint.pdf import VARIANTS  # pylint: disable=import-outside-toplevel
        except ImportError:  # pragma: no cover - very old WeasyPrint
            VARIANTS = {}
        options["pdf_variant"] = pdf_variant if pdf_variant in VARIANTS else FALLBACK_VARIANT
        options["pdf_tags"] = True
    try:
        return HTML(string=html, base_url=SCHEME, url_fetcher=url_fetcher()).write_pdf(**options)
    except BaseException as exc:  # WeasyPrint's fatal fetch error derives from BaseException
        if type(exc).__name__ == "FatalURLFetchingError":
            raise BlockedURL(str(exc)) from exc
        raise
