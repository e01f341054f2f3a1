"""The per-request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from starlette.requests import Request

from errors import ClientError
from graph.db import Db
from graph.keys import Principal
from settings import Settings


@dataclass
class Context:
    request: Request
    settings: Settings
    db: Db
    principal: Principal | None = None
    """The authenticated caller; None for an anonymous request."""
    credential_error: ClientError | None = None
    """Why the credential sent was refused; every field then fails with it."""


Info = strawberry.Info[Context, None]
