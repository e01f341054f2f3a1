"""The explorer's pages: the front end built into web/dist, served at /, /actor/<key>, ...

Every page address answers the same index.html (the front end routes in the browser) under a
strict Content-Security-Policy; /assets/<file> serves the hashed build files. Without a build
the pages answer 503 and say how to make one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

DIST = Path(__file__).resolve().parent.parent / "web" / "dist"

PAGES = (
    "/",
    "/actor/{key}",
    "/actor/{key}/network",
    "/agreement/{key}",
    "/project/{key}",
    "/expertise",
    "/paths",
    "/curate",
    "/signin",
)

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cache-Control": "no-cache",
}

# Build files carry a content hash in their name, so they never change under one URL.
ASSET_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
}

NOT_BUILT = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Maillage — explorateur absent</title></head>
<body>
<h1>L'explorateur n'est pas construit</h1>
<p>Lancez <code>make web</code> (ou <code>make run</code>), puis rechargez la page.
L'API GraphQL reste ouverte sur <a href="/graphql">/graphql</a>.</p>
<h1 lang="en">The explorer is not built</h1>
<p lang="en">Run <code>make web</code> (or <code>make run</code>), then reload the page.
The GraphQL API is still open at <a href="/graphql">/graphql</a>.</p>
</body></html>
"""


@dataclass
class Explorer:
    """A page of the built front end in `dist` (index.html by default), re-read when a new build
    replaces it."""

    dist: Path
    page_name: str = "index.html"
    _index: tuple[float, bytes] | None = field(default=None, init=False)

    def index(self) -> bytes | None:
        path = self.dist / self.page_name
        try:
            mtime = path.stat().st_mtime
            if self._index is None or self._index[0] != mtime:
                self._index = (mtime, path.read_bytes())
        except OSError:
            self._index = None
            return None
        return self._index[1]

    async def page(self, request: Request) -> Response:
        html = self.index()
        if html is None:
            return HTMLResponse(NOT_BUILT, status_code=503, headers=PAGE_HEADERS)
        return HTMLResponse(html, headers=PAGE_HEADERS)

    async def asset(self, request: Request) -> Response:
        root = (self.dist / "assets").resolve()
        path = (root / request.path_params["path"]).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return PlainTextResponse(
                "Not found", status_code=404, headers={"X-Content-Type-Options": "nosniff"}
            )
        return FileResponse(path, headers=ASSET_HEADERS)


def routes(dist: Path = DIST) -> list[BaseRoute]:
    explorer = Explorer(dist)
    return [
        Route("/assets/{path:path}", explorer.asset, methods=["GET"]),
        *(Route(path, explorer.page, methods=["GET"]) for path in PAGES),
    ]
