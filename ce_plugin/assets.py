"""Where the packaged assets and catalogs are: ``ce_plugin/static`` (ADR 0011) and ``ce_plugin/locale`` (ADR 0018)."""
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def static_root() -> Path:
    """``ce_plugin/static``: in a wheel the files themselves, in a checkout the link to the top-level ``static/``."""
    return _PACKAGE / "static"


def read_static(relative: str) -> str:
    """The text of a static asset, e.g. ``ce_xblock/js/ce_session.js``."""
    return (static_root() / relative).read_text(encoding="utf-8")


def locale_root() -> Path:
    """
    ``ce_plugin/locale``: the gettext catalogs, found by Django as the app's own.

    In a wheel the files themselves; in a checkout the link to ``ce_plugin/conf/locale``, where the catalogs
    live for the Open edX translation tools.
    """
    return _PACKAGE / "locale"
