"""``manage.py lms purge_ce_report_files``: delete CE report files past their retention period."""
from django.core.management.base import BaseCommand

from ce_plugin import api


class Command(BaseCommand):
    help = "Delete CE report and export files older than CE_REPORT_RETENTION_DAYS; their jobs are marked expired."

    def handle(self, *args, **options):
        expired = api.purge_expired_reports()
        self.stdout.write(f"{expired} report file(s) expired.")
