"""Gunicorn settings for Cadre in production (read from the working directory by ``gunicorn cadre.wsgi``).

Every value can be overridden on the command line or with ``GUNICORN_CMD_ARGS``. The defaults suit
a small host: one worker process per core, each with a few threads (requests wait on the database
and the network as much as on Python), the application loaded once before forking.
"""

from __future__ import annotations

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
preload_app = True
keepalive = 5
timeout = 60
graceful_timeout = 30
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None


def when_ready(server: object) -> None:
    """Freeze what the preloaded application allocated, so the collector never rescans it.

    Django, the apps and their modules are a few hundred thousand long-lived objects; without the
    freeze each full collection in a worker walks all of them (tens of milliseconds, in the middle
    of a request) and copy-on-write pages are dirtied by the collector's bookkeeping.
    """
    gc.collect()
    gc.freeze()
