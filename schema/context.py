"""The per-request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from starlette.requests import Request

from graph.db import Db
from settings import Settings


@dataclass
class Context:
    request: Request
    settings: Settings
    db: Db


Info = strawberry.Info[Context, None]
