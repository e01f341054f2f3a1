"""The GraphQL IDE page at /graphql: web/dist/graphiql.html, built with the explorer, under a
Content-Security-Policy of 'self' only (everything it needs is served from here)."""

from __future__ import annotations

from pathlib import Path

from starlette.responses import HTMLResponse, Response

from resolvers.pages import DIST, PAGE_HEADERS, Explorer

NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Maillage — GraphQL IDE not built</title></head>
<body>
<h1>The GraphQL IDE is not built</h1>
<p>Run <code>make web</code> (or <code>make run</code>), then reload the page. The API answers
at this address meanwhile: <code>POST /graphql</code> with
<code>{"query": "{ meta { version } }"}</code>.</p>
</body></html>
"""


class Ide:
    """The built page, re-read when a new build replaces it; 503 with advice without a build."""

    def __init__(self, dist: Path = DIST) -> None:
        self.build = Explorer(dist, page_name="graphiql.html")

    def page(self) -> Response:
        html = self.build.index()
        if html is None:
            return HTMLResponse(NOT_BUILT, status_code=503, headers=PAGE_HEADERS)
        return HTMLResponse(html, headers=PAGE_HEADERS)
