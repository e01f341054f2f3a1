"""The GraphQL IDE at /graphql end to end: a real uvicorn server on the seed graph, driven in
Debian's headless Chromium by Playwright with every address but the server's refused.
Screenshots are kept in test-artifacts/ide/."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route, expect

from resolvers import pages
from tests.test_explorer import DESKTOP, Server, browser, server, watch  # noqa: F401

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "ide"
SHOWN_MS = 15_000
"""How long a result may take to show: the reads answer in well under a second; the rest is
a cold Chromium drawing GraphiQL on a shared machine."""


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:  # noqa: F811
    """A desktop page that reaches nothing but the server, and fails the test on a script
    error, a CSP violation or any request elsewhere."""
    if not (pages.DIST / "graphiql.html").is_file():
        pytest.fail("web/dist/graphiql.html is missing: run `make web` before these tests")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=DESKTOP)
    elsewhere: list[str] = []

    def only_the_server(route: Route) -> None:
        if route.request.url.startswith(server.url + "/"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_server)
    opened = context.new_page()
    problems = watch(opened)
    yield opened
    context.close()
    assert not elsewhere, elsewhere
    assert not problems, problems


EDITOR_TEXT = """selector => document.querySelector(selector)?.CodeMirror?.getValue() ?? null"""
QUERY = ".graphiql-query-editor .CodeMirror"
RESULT = ".result-window .CodeMirror"


# The operation GraphiQL will send: it names the active tab's operation once it has parsed the
# editor's text (a moment after the text changes) and keeps it in its stored tab state.
ACTIVE_OPERATION = """() => {
  const state = JSON.parse(localStorage.getItem('graphiql:tabState') || 'null');
  return state ? state.tabs[state.activeTabIndex]?.operationName ?? null : null;
}"""


def _until(page: Page, script: str, arg: Any, accept: Any) -> Any:
    """Poll `script` from the test (the page's CSP refuses the functions that Playwright's
    own waiting would build in the page) until `accept` takes its value, for SHOWN_MS."""
    deadline = time.monotonic() + SHOWN_MS / 1000
    while True:
        value = page.evaluate(script, arg)
        if accept(value):
            return value
        assert time.monotonic() < deadline, f"not shown within {SHOWN_MS} ms: {value!r}"
        page.wait_for_timeout(100)


def _run(page: Page, operation: str) -> dict[str, Any]:
    """Run the operation of the active tab, once the query editor shows it and GraphiQL has
    named it, and return the whole response as the result window holds it (CodeMirror draws
    only the visible lines)."""
    _until(page, EDITOR_TEXT, QUERY, lambda text: bool(text) and operation in text)
    name = operation.split()[-1]
    _until(page, ACTIVE_OPERATION, None, lambda active: active == name)
    page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
    shown = _until(
        page, EDITOR_TEXT, RESULT, lambda text: bool(text) and text.strip().startswith("{")
    )
    response: dict[str, Any] = json.loads(shown)
    return response


def test_ide_page_loads_only_from_the_service(server: Server) -> None:  # noqa: F811
    response = httpx.get(server.url + "/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert policy == pages.CONTENT_SECURITY_POLICY
    assert "unsafe" not in policy
    assert "http" not in policy
    assert response.headers["x-frame-options"] == "DENY"
    addresses = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert addresses
    assert all(address.startswith("/assets/") for address in addresses), addresses
    for address in addresses:
        asset = httpx.get(server.url + address)
        assert asset.status_code == 200, address
        assert "data:" not in asset.text if address.endswith(".css") else True, address


def test_ide_runs_the_policy_example_offline(server: Server, page: Page) -> None:  # noqa: F811
    page.goto(server.url + "/graphql")
    tab = page.get_by_role("tab", name="CtpcPartnersAndCapgemini")
    expect(tab).to_have_attribute("aria-selected", "true", timeout=SHOWN_MS)
    panel = page.locator(".ide-examples")
    for audience in ("Policy staff", "Web clients", "Planners"):
        expect(panel.get_by_role("heading", name=audience)).to_be_visible()
    response = _run(page, "query CtpcPartnersAndCapgemini")
    assert "errors" not in response, response
    partners = [partner["actor"]["name"] for partner in response["data"]["actor"]["partners"]]
    assert "Capgemini Engineering Maroc" in partners
    assert response["data"]["paths"][0]["actors"][-1]["key"] == "capgemini"
    expect(page.get_by_label("Result Window")).to_contain_text("Capgemini Engineering Maroc")
    page.screenshot(path=ARTIFACTS / "policy-example-1280.png")


def test_ide_opens_examples_and_schema_docs(server: Server, page: Page) -> None:  # noqa: F811
    page.goto(server.url + "/graphql")
    panel = page.locator(".ide-examples")
    panel.get_by_role("button", name=re.compile("décarbonation")).click()
    expect(page.get_by_role("tab", name="ExpertiseDecarbonation")).to_have_attribute(
        "aria-selected", "true"
    )
    response = _run(page, "query ExpertiseDecarbonation")
    assert "errors" not in response, response
    hits = response["data"]["expertise"]
    assert hits
    assert all(hit["evidence"] for hit in hits)

    page.get_by_role("button", name="Show Documentation Explorer").click()
    docs = page.locator(".graphiql-doc-explorer")
    docs.get_by_role("link", name="Query").first.click()
    expect(docs).to_contain_text("expertise", timeout=SHOWN_MS)
    expect(docs).to_contain_text("Actors who can help on a theme")
    page.screenshot(path=ARTIFACTS / "docs-expertise-1280.png")


def test_ide_headers_editor_sends_a_credential(server: Server, page: Page) -> None:  # noqa: F811
    page.goto(server.url + "/graphql")
    page.get_by_role("button", name="Headers").click()
    headers = page.locator(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror")
    headers.click()
    page.keyboard.type('{"Authorization": "Bearer not-a-key"')
    response = _run(page, "query CtpcPartnersAndCapgemini")
    codes = {error["extensions"]["code"] for error in response["errors"]}
    assert codes == {"UNAUTHENTICATED"}
