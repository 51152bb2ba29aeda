"""Django system checks of the plugin's deployment (``manage.py check``, run by the platform at start-up)."""
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.files.storage import FileSystemStorage


@register(Tags.security)
def records_are_private(app_configs, **kwargs):
    """
    Statement PDFs and report files must not be reachable by URL (ADR 0014).

    ``ce_plugin.E001``: the records storage is a folder inside ``MEDIA_ROOT``, which the LMS serves
    at ``MEDIA_URL``.
    """
    from ce_plugin.models import Statement  # pylint: disable=import-outside-toplevel
    storage = Statement._meta.get_field("pdf").storage
    media_root = getattr(settings, "MEDIA_ROOT", "")
    if not isinstance(storage, FileSystemStorage) or not media_root:
        return []
    location, media = Path(storage.location).resolve(), Path(str(media_root)).resolve()
    if location == media or media in location.parents:
        return [Error(
            "The CE records storage lies inside MEDIA_ROOT, so statements and reports would be public by URL.",
            hint="Set CE_RECORDS_ROOT to a folder outside MEDIA_ROOT, or CE_RECORDS_STORAGE to a private storage.",
            id="ce_plugin.E001")]
    return []
