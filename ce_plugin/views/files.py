"""Statement and transcript PDFs as HTTP responses: the stored file, or a page saying it is being prepared."""
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from ce_plugin import exceptions as errors
from ce_plugin.views.access import render_page

RETRY_SECONDS = 5


def preparing_response(request, message, title):
    """202 with ``Retry-After``: a page that says a worker is preparing the file and reloads until it is there."""
    response = render_page(request, "ce_plugin/preparing.html", {
        "message": message, "title": title, "retry_seconds": RETRY_SECONDS}, status=202)
    response["Retry-After"] = str(RETRY_SECONDS)
    response["Cache-Control"] = "private, no-store"
    return response


def statement_response(request, fetch):
    """
    ``fetch()``'s statement file as a download; while a worker still renders it, a page that reloads itself.

    The page answers 202 with ``Retry-After``: the PDF is rendered by a Celery worker, never in the request
    (``api.get_statement_file`` queues it again when it is missing). An unknown statement is a 404.
    """
    try:
        document = fetch()
    except errors.StatementNotReady as exc:
        return preparing_response(request, exc.message, _("Your statement is being prepared"))
    except errors.StatementNotIssued as exc:
        raise Http404(str(exc.message)) from exc
    response = HttpResponse(document.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["X-Content-SHA256"] = document.sha256
    response["Cache-Control"] = "private, no-store"
    return response
