"""Each test environment runs the package versions of its Open edX release line."""
import sys
from importlib.metadata import version


def major(package):
    return int(version(package).split(".")[0])


def test_the_installed_versions_match_the_release_line_of_this_python():
    if sys.version_info[:2] >= (3, 12):  # Verawood / master
        assert (major("XBlock"), major("openedx-events"), major("openedx-filters"), major("edx-opaque-keys")) == (
            6, 11, 3, 4)
    else:  # Ulmo
        assert (major("XBlock"), major("openedx-events"), major("openedx-filters"), major("edx-opaque-keys")) == (
            5, 10, 2, 3)
    assert version("Django").startswith("5.2.")
