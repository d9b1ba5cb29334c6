"""Gunicorn configuration, driven by the environment."""

import os

from core.logging import BACKUP_COUNT, LOG_FORMAT, MAX_BYTES


def _int(name, default):
    return int(os.environ.get(name) or default)


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
wsgi_app = "config.wsgi:application"
workers = _int("GUNICORN_WORKERS", 4)
threads = _int("GUNICORN_THREADS", 2)
worker_class = "gthread"
timeout = _int("GUNICORN_TIMEOUT", 120)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 50)
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "*")
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
limit_request_line = 8190
capture_output = False
# No runtime control socket: the home directory is read-only and signals are enough.
control_socket_disable = True

LOG_DIR = os.environ.get("DJANGO_LOG_DIR", "/app/logs")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
accesslog = "-"
errorlog = "-"


def _handlers(name, filename):
    return {
        f"{name}_stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "standard",
        },
        f"{name}_file": {
            "class": "logging.handlers.RotatingFileHandler",
            "filename": os.path.join(LOG_DIR, filename),
            "maxBytes": MAX_BYTES,
            "backupCount": BACKUP_COUNT,
            "encoding": "utf-8",
            "formatter": "standard",
        },
    }


logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"service": {"()": "core.logging.ServiceFilter", "service": "gunicorn"}},
    "formatters": {"standard": {"()": "core.logging.UTCFormatter", "format": LOG_FORMAT}},
    "handlers": {**_handlers("access", "gunicorn-access.log"), **_handlers("error", "gunicorn-error.log")},
    "root": {"handlers": ["error_stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["error_stdout", "error_file"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access_stdout", "access_file"], "level": "INFO", "propagate": False},
    },
}
for _h in logconfig_dict["handlers"].values():
    _h["filters"] = ["service"]
os.makedirs(LOG_DIR, exist_ok=True)
