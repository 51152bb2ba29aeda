"""Where the packaged static assets are: inside the installed package, or the source tree's ``static/``."""
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
