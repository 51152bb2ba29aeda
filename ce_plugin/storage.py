"""
Where statements of credit and report files are kept: a storage of their own, with no public address.

Statement PDFs, transcripts, report files and the certificates learners upload for credit earned elsewhere
hold learners' names, e-mail addresses, licence and NABP IDs. They are never written to the site's default
(media) storage, which the LMS serves at ``MEDIA_URL``; their names are random, not derived from anything a
third party knows (nor from an uploaded file's name); and every download goes through a plugin view that
checks who asks (ADR 0014).

``CE_RECORDS_STORAGE`` chooses the storage:

* ``None`` (the default): :class:`PrivateFileSystemStorage` in ``CE_RECORDS_ROOT`` (default: the
  platform's ``DATA_DIR``/``ce_records``), a folder no URL serves;
* a string: the alias of an entry in ``STORAGES`` (e.g. an S3 bucket with ``default_acl: private``
  and ``querystring_auth``: signed, short-lived URLs);
* a dict ``{"BACKEND": ..., "OPTIONS": {...}}``, as a ``STORAGES`` entry is written.
"""
from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.module_loading import import_string


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk with no public address: they are read by the plugin's views, never linked to."""

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location, base_url=None, **kwargs)

    def url(self, name):
        raise ImproperlyConfigured("CE records have no public URL; they are served by the plugin's views.")


def default_root() -> Path:
    """``CE_RECORDS_ROOT``, else ``<DATA_DIR>/ce_records``, else a ``ce_records`` folder beside ``MEDIA_ROOT``."""
    configured = getattr(settings, "CE_RECORDS_ROOT", None)
    if configured:
        return Path(configured)
    data_dir = getattr(settings, "DATA_DIR", None)
    if data_dir:
        return Path(str(data_dir)) / "ce_records"
    return Path(str(settings.MEDIA_ROOT)).resolve().parent / "ce_records"


def records_storage():
    """
    The storage of statements and report files, as ``CE_RECORDS_STORAGE`` describes it.

    The ``storage`` of their ``FileField``\\ s: Django calls it once, when the models load.
    """
    config = getattr(settings, "CE_RECORDS_STORAGE", None)
    if config is None:
        return PrivateFileSystemStorage(location=str(default_root()))
    if isinstance(config, str):
        from django.core.files.storage import storages  # pylint: disable=import-outside-toplevel
        return storages[config]
    return import_string(config["BACKEND"])(**config.get("OPTIONS", {}))


def private_name(prefix: str, extension: str) -> str:
    """A storage name nobody can guess: ``<prefix>/<yyyy>/<mm>/<128 random bits>.<extension>``."""
    now = timezone.now()
    return f"{prefix}/{now:%Y}/{now:%m}/{secrets.token_hex(16)}.{extension}"


def statement_upload_to(instance, filename):
    return private_name("ce_statements", "pdf")


def report_upload_to(instance, filename):
    return private_name("ce_reports", filename.rsplit(".", 1)[-1] if "." in filename else "dat")


def transcript_upload_to(instance, filename):
    return private_name("ce_transcripts", "pdf")


def external_certificate_upload_to(instance, filename):
    """A learner's certificate of credit earned elsewhere: the extension of its sniffed type, never theirs."""
    from ce_plugin.file_types import EXTENSIONS  # pylint: disable=import-outside-toplevel
    return private_name("ce_external_credits", EXTENSIONS.get(instance.certificate_type, "dat"))
