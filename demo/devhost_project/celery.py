"""The dev host's Celery app (the LMS has its own). Tasks run eagerly unless a broker is configured."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devhost_project.settings")

app = Celery("devhost")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
