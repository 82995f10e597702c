"""Log filters: a refused request (4xx) is one line, never a traceback."""

from __future__ import annotations

import logging


class ClientErrorsOneLine(logging.Filter):
    """django.request logs a PermissionDenied with its traceback; a 4xx needs one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
