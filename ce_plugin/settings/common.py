"""
Defaults for every environment. Applied by ``add_plugins(..., 'common')`` at the end of
the LMS/Studio ``envs/common.py``; values an operator already set are kept.
"""


def set_default(settings, name, value):
    """Set ``settings.<name>`` unless the operator (or an earlier settings module) already did."""
    if not hasattr(settings, name):
        setattr(settings, name, value)


FILTER_STEPS = {
    # Holding the certificate must not fail open: an error in the step stops the generation.
    "org.openedx.learning.certificate.creation.requested.v1": (
        "ce_plugin.filters.HoldCertificateUntilClaimFinalized", False),
    # Rendering may fail open: the LMS then shows its own certificate page.
    "org.openedx.learning.certificate.render.started.v1": ("ce_plugin.filters.RenderStatementAtCertificateURL", True),
}


def add_filter_steps(settings):
    """Append the CE steps to ``OPEN_EDX_FILTERS_CONFIG``, keeping every step and option already there."""
    config = dict(getattr(settings, "OPEN_EDX_FILTERS_CONFIG", None) or {})
    for filter_type, (step, fail_silently) in FILTER_STEPS.items():
        entry = config.get(filter_type)
        if isinstance(entry, str):
            entry = {"pipeline": [entry]}
        elif isinstance(entry, (list, tuple)):
            entry = {"pipeline": list(entry)}
        entry = dict(entry or {"fail_silently": fail_silently})
        entry["pipeline"] = list(entry.get("pipeline", []))
        if step not in entry["pipeline"]:
            entry["pipeline"].append(step)
        config[filter_type] = entry
    settings.OPEN_EDX_FILTERS_CONFIG = config


def plugin_settings(settings):
    """Inject the CE plugin defaults into ``settings``."""
    # .. setting_name: CE_PLATFORM_BACKEND
    # .. setting_default: 'openedx'
    # .. setting_description: Which implementation of ``ce_plugin.compat`` talks to the platform:
    #   ``openedx`` (the LMS's and Studio's own APIs), or the dotted path of a module offering the
    #   same functions (the dev host sets ``devhost_platform.backend``, its stand-in platform).
    set_default(settings, "CE_PLATFORM_BACKEND", "openedx")
    # .. setting_name: CE_BASE_TEMPLATE
    # .. setting_default: 'main_django.html'
    # .. setting_description: The template learner and staff pages extend. The LMS's
    #   ``main_django.html`` gives them the platform header, footer, theme and language.
    set_default(settings, "CE_BASE_TEMPLATE", "main_django.html")
    # .. setting_name: CE_LIBRARY_PUBLIC
    # .. setting_default: False
    # .. setting_description: When true, anyone may browse the library of CE activities at ``/ce/``
    #   without signing in (as a public course catalog is); otherwise visitors are asked to sign in.
    set_default(settings, "CE_LIBRARY_PUBLIC", False)
    # .. setting_name: CE_CLAIM_ATTEMPT_LIMIT
    # .. setting_default: 5
    # .. setting_description: Wrong attendance codes a learner may enter per
    #   ``CE_CLAIM_ATTEMPT_WINDOW`` seconds before further attempts are refused.
    set_default(settings, "CE_CLAIM_ATTEMPT_LIMIT", 5)
    # .. setting_name: CE_CLAIM_ATTEMPT_WINDOW
    # .. setting_default: 900
    # .. setting_description: Length in seconds of the attendance-code throttling window.
    set_default(settings, "CE_CLAIM_ATTEMPT_WINDOW", 900)
    # .. setting_name: CE_CHECK_IN_ROTATION
    # .. setting_default: 180
    # .. setting_description: Seconds each session check-in code is shown before the next one (at least 30).
    #   A code is also accepted during the rotation after its own, for a learner who read it just before
    #   it changed.
    set_default(settings, "CE_CHECK_IN_ROTATION", 180)
    # .. setting_name: CE_CHECK_IN_OPENS_BEFORE
    # .. setting_default: 15
    # .. setting_description: Minutes before a session starts from which its check-in code is shown and accepted.
    set_default(settings, "CE_CHECK_IN_OPENS_BEFORE", 15)
    # .. setting_name: CE_CHECK_IN_CLOSES_AFTER
    # .. setting_default: 15
    # .. setting_description: Minutes after a session ends until which its check-in code is shown and accepted.
    set_default(settings, "CE_CHECK_IN_CLOSES_AFTER", 15)
    # .. setting_name: CE_VERIFY_BASE_URL
    # .. setting_default: '' (then ``LMS_ROOT_URL``)
    # .. setting_description: Scheme and host printed before the verification path on statements and in
    #   their QR code, e.g. ``https://learn.example.org``.
    set_default(settings, "CE_VERIFY_BASE_URL", "")
    # .. setting_name: CE_VERIFY_RATE_LIMIT
    # .. setting_default: 30
    # .. setting_description: Verification look-ups allowed per client address per ``CE_VERIFY_RATE_WINDOW``.
    set_default(settings, "CE_VERIFY_RATE_LIMIT", 30)
    # .. setting_name: CE_VERIFY_RATE_WINDOW
    # .. setting_default: 600
    # .. setting_description: Length in seconds of the verification throttling window.
    set_default(settings, "CE_VERIFY_RATE_WINDOW", 600)
    # .. setting_name: CE_STATEMENT_PDF_VARIANT
    # .. setting_default: 'pdf/a-2a'
    # .. setting_description: WeasyPrint PDF variant of statements: archival PDF/A-2, level A (tagged).
    set_default(settings, "CE_STATEMENT_PDF_VARIANT", "pdf/a-2a")
    # .. setting_name: CE_REPORT_RETENTION_DAYS
    # .. setting_default: 30
    # .. setting_description: Days a built report or export file (it lists learners' names, e-mail
    #   addresses and licence data) is kept before its file is deleted.
    set_default(settings, "CE_REPORT_RETENTION_DAYS", 30)
    # .. setting_name: CE_RECORDS_STORAGE
    # .. setting_default: None
    # .. setting_description: Where statement PDFs and report files are kept (ADR 0014). ``None``: a private
    #   folder on disk, ``CE_RECORDS_ROOT``, that no URL serves; a string: the alias of a ``STORAGES`` entry
    #   (e.g. S3 with private objects and signed URLs); a dict: a storage as ``STORAGES`` entries are written.
    #   Never the default (media) storage: the files hold learners' names, e-mails and licence IDs.
    set_default(settings, "CE_RECORDS_STORAGE", None)
    # .. setting_name: CE_RECORDS_ROOT
    # .. setting_default: None (then ``DATA_DIR``/ce_records)
    # .. setting_description: The folder of the default records storage. It must lie outside ``MEDIA_ROOT``
    #   and be shared by the LMS, Studio and their Celery workers (the platform's data volume is).
    set_default(settings, "CE_RECORDS_ROOT", None)
    # .. setting_name: CE_EXTERNAL_CERTIFICATE_MAX_BYTES
    # .. setting_default: 5242880 (5 MiB)
    # .. setting_description: Largest certificate file (PDF, PNG or JPEG) a learner may attach to credit they
    #   earned elsewhere; larger uploads are refused with a message saying the limit. A scanned one-page
    #   certificate is well under 1 MiB; the files are kept in the private records storage.
    set_default(settings, "CE_EXTERNAL_CERTIFICATE_MAX_BYTES", 5 * 1024 * 1024)
    add_filter_steps(settings)
