"""WSGI entry point: ``gunicorn calmskin.web.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calmskin.web.settings")

application = get_wsgi_application()
