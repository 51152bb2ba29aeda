"""Where the packaged assets and catalogs are: inside the installed package, or at the top of a checkout."""
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def static_root() -> Path:
    """``ce_plugin/static`` in an installed wheel; the repository's top-level ``static/`` in a checkout."""
    installed = _PACKAGE / "static"
    return installed if installed.is_dir() else _PACKAGE.parent / "static"


def read_static(relative: str) -> str:
    """The text of a static asset, e.g. ``ce_xblock/js/ce_session.js``."""
    return (static_root() / relative).read_text(encoding="utf-8")


@cache
def locale_root() -> Path:
    """``ce_plugin/locale`` in an installed wheel; the repository's top-level ``locale/`` in a checkout."""
    installed = _PACKAGE / "locale"
    return installed if installed.is_dir() else _PACKAGE.parent / "locale"
