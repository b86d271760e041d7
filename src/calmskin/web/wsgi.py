"""WSGI entry point: ``gunicorn calmskin.web.wsgi``.

Each web process loads the PDF library in a background thread as it starts (see
:func:`calmskin.web.summary.pdf.warm_up`), so the first visit summary PDF is as fast as the next
ones; set ``CALMSKIN_PDF_WARMUP=false`` to skip it (e.g. on a machine that never makes PDFs).
"""

import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calmskin.web.settings")

application = get_wsgi_application()

if os.environ.get("CALMSKIN_PDF_WARMUP", "true").strip().lower() != "false":
    from calmskin.web.summary.pdf import warm_up

    threading.Thread(target=warm_up, name="pdf-warm-up", daemon=True).start()
