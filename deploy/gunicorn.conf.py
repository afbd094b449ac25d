"""gunicorn for the seminario-web unit: `gunicorn --config deploy/gunicorn.conf.py wsgi:app`."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # nginx's upstream
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Load the app once, before the workers start: a refused configuration (SECRET_KEY…) stops the
# service with its one-line reason instead of workers failing in a loop.
preload_app = True
timeout = 120  # a badge sheet or certificate PDF is drawn inside the request
graceful_timeout = 30
forwarded_allow_ips = "127.0.0.1,::1"
errorlog = "-"  # stderr: the journal
