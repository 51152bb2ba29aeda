"""The dev host's Django, set up for a benchmark over a throw-away SQLite database and media folder."""
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def setup_django(**environ):
    """Point the dev host's settings at a fresh temporary folder (plus ``environ``) and start Django."""
    sys.path[:0] = [str(REPO / "demo"), str(REPO)]
    workdir = tempfile.mkdtemp(prefix="ce-bench-")
    os.environ.update(DJANGO_SETTINGS_MODULE="devhost_project.settings",
                      DEVHOST_DB=os.path.join(workdir, "b.sqlite3"), DEVHOST_MEDIA_ROOT=os.path.join(workdir, "media"),
                      **environ)
    import django  # pylint: disable=import-outside-toplevel
    django.setup()
