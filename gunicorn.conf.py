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
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
preload_app = True
keepalive = 5
timeout = 60
graceful_timeout = 30
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None


#: Young-generation threshold of the cyclic garbage collector in the workers (CPython's is 700).
GC_THRESHOLD = int(os.environ.get("CADRE_GC_THRESHOLD", "50000"))


def when_ready(server: object) -> None:
    """Freeze what the preloaded application allocated and collect less often in the workers.

    Django, the apps and their modules are ~160,000 long-lived objects; without the freeze each
    full collection in a worker walks all of them (~120 ms, in the middle of a request). And a
    batch of 50 xAPI statements allocates tens of thousands of dicts and lists: with the default
    threshold the collector runs every 700 of them (~2 ms per batch request in the profile, more
    when a batch's objects outlive a collection). Request objects are freed by reference
    counting; the rare cycles wait a little longer (a few MB at most).
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 20, 20)
