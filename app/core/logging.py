"""Log helpers: a service name on every record, rotated files that tolerate a missing directory."""

import logging
import logging.handlers
import time
from pathlib import Path

MAX_BYTES = 10 * 1024 * 1024
BACKUP_COUNT = 5


class ServiceFilter(logging.Filter):
    def __init__(self, service="django"):
        super().__init__()
        self.service = service

    def filter(self, record):
        if not hasattr(record, "service"):
            record.service = self.service
        return True


def rotating_file_handler(path, enabled=True):
    """A RotatingFileHandler (10 MB x 5), or a no-op handler when disabled."""
    if not enabled:
        return logging.NullHandler()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )


class UTCFormatter(logging.Formatter):
    """ISO-8601 UTC timestamps: the same clock in every service's log."""

    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"


LOG_FORMAT = "%(asctime)s %(levelname)s service=%(service)s %(name)s: %(message)s"
