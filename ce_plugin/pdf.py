"""
HTML to PDF with WeasyPrint, fetching only files packaged with the plugin.

Templates refer to packaged assets as ``ce-static:<path below static/>`` (fonts, images, CSS).
The URL fetcher serves those from :func:`ce_plugin.assets.static_root` and refuses every other
URL, so rendering never touches the network or the file system outside the package. WeasyPrint
68 and later take a ``URLFetcher`` instance; earlier releases take a function returning a dict;
both are supported.

One fetcher serves every render of the process: building WeasyPrint's default fetcher loads the system's
certificate store for HTTPS, which costs more than laying out a one-page document, and ours never fetches
over a network. Packaged files are read once per process too (they change only with the package), and the
packaged stylesheets a document asks for are parsed once per thread, with their fonts registered once in a
font configuration that thread's renders share (parsing the stylesheet and registering its two fonts cost
as much as laying out a one-page statement).
"""
from __future__ import annotations

import atexit
import functools
import mimetypes
import ssl
import threading

from ce_plugin.assets import static_root

SCHEME = "ce-static:"


class BlockedURL(ValueError):
    """A URL the statement renderer will not fetch."""


def packaged_file(url: str) -> tuple[bytes, str]:
    """The bytes and MIME type of a ``ce-static:`` URL; raises :class:`BlockedURL` for anything else."""
    if not url.startswith(SCHEME):
        raise BlockedURL(f"not a packaged file: {url}")
    return _read_packaged(url)


@functools.lru_cache(maxsize=64)
def _read_packaged(url: str) -> tuple[bytes, str]:
    root = static_root().resolve()
    path = (root / url[len(SCHEME):].lstrip("/")).resolve()
    if root not in path.parents or not path.is_file():
        raise BlockedURL(f"no packaged file at {url}")
    mime = mimetypes.guess_type(path.name)[0] or ("font/ttf" if path.suffix == ".ttf" else "application/octet-stream")
    return path.read_bytes(), mime


@functools.cache
def url_fetcher():
    """The process's WeasyPrint URL fetcher, limited to :func:`packaged_file` (it keeps no state per render)."""
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

    # An empty TLS context: nothing is fetched over HTTPS, so the certificate store is never loaded.
    return PackagedFetcher(fail_on_errors=True, ssl_context=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))


FALLBACK_VARIANT = "pdf/a-2b"
_per_thread = threading.local()
# Let go of the main thread's fonts before the interpreter tears down the modules their finalizer needs.
atexit.register(lambda: vars(_per_thread).clear())


def _styles(paths: tuple[str, ...]):
    """The thread's font configuration and the parsed packaged stylesheets at ``paths`` (parsed once)."""
    from weasyprint import CSS  # pylint: disable=import-outside-toplevel
    from weasyprint.text.fonts import FontConfiguration  # pylint: disable=import-outside-toplevel
    if getattr(_per_thread, "fonts", None) is None:
        _per_thread.fonts, _per_thread.sheets = FontConfiguration(), {}
    sheets = []
    for path in paths:
        if path not in _per_thread.sheets:
            css, _ = packaged_file(SCHEME + path)
            _per_thread.sheets[path] = CSS(string=css.decode("utf-8"), base_url=SCHEME + path,
                                           url_fetcher=url_fetcher(), font_config=_per_thread.fonts)
        sheets.append(_per_thread.sheets[path])
    return _per_thread.fonts, sheets


def html_to_pdf(html: str, *, stylesheets: tuple[str, ...] = (), pdf_variant: str | None = None) -> bytes:
    """
    Render ``html`` to PDF bytes, as the PDF variant asked for (e.g. ``pdf/a-2a``: archival and tagged).

    ``stylesheets`` are packaged stylesheets (paths below ``static/``) applied after the document's own,
    parsed once per thread. A WeasyPrint too old to know the variant gets the plain archival ``pdf/a-2b``,
    tagged when it can.
    """
    from weasyprint import HTML  # pylint: disable=import-outside-toplevel
    fonts, sheets = _styles(tuple(stylesheets))
    options = {"stylesheets": sheets, "font_config": fonts}
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
