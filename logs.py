"""Log lines: each with its request's id, as JSON objects (production) or text, and the
logging configuration uvicorn applies in every worker."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
from typing import Any

import orjson

from settings import Settings

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and any extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        try:
            return orjson.dumps(entry, default=str).decode()
        except orjson.JSONEncodeError:  # e.g. an int beyond 64 bits in an extra
            return json.dumps(entry, default=str, ensure_ascii=False)


def logging_config(settings: Settings) -> dict[str, Any]:
    """uvicorn's `log_config` (applied in every worker): JSON lines or text, each line with the
    request id; the access line is the edge's (`Edge`), so uvicorn's own is silenced."""
    text = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
    json_lines = settings.log_format == "json"
    formatter = {"()": "logs.JsonFormatter"} if json_lines else {"format": text}
    quiet = {"handlers": [], "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "logs.RequestIdFilter"}},
        "formatters": {"default": formatter},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "default",
                "filters": ["request_id"],
            }
        },
        "root": {"level": "INFO", "handlers": ["default"]},
        "loggers": {
            "uvicorn": {"level": "INFO", **quiet},
            "uvicorn.error": {"level": "INFO", **quiet},
            "uvicorn.access": {"level": "WARNING", **quiet},
            "neo4j": {"level": "WARNING"},
        },
    }
