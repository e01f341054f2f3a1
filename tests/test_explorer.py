"""The explorer end to end: a real uvicorn server on the seed graph, driven in Debian's headless
Chromium by Playwright. Screenshots are kept in test-artifacts/explorer/."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    ViewportSize,
    expect,
    sync_playwright,
)
from starlette.applications import Starlette

from graph.db import Db
from resolvers import pages
from settings import Settings

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "explorer"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 375, "height": 812}
CTPC = "Centre Technique de la Plasturgie et du Caoutchouc"

# A page shows an answer, or an error, within the request deadline the server promises
# (MAILLAGE_REQUEST_TIMEOUT): the tests wait that long for what it shows, no less.
expect.set_options(timeout=Settings().request_timeout * 1000)


@dataclass
class Server:
    url: str
    log: Path

    def graphql(self, query: str) -> dict[str, Any]:
        response = httpx.post(f"{self.url}/graphql", json={"query": query}, timeout=30)
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(settings: Settings, seeded: Db) -> Iterator[Server]:
    """`uvicorn app:asgi` in its own process, on the seeded test database."""
    if not (pages.DIST / "index.html").is_file():
        pytest.fail("web/dist is missing: run `make web` before these tests")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAILLAGE_")}
    env.update(
        NEO4J_URI=settings.uri,
        NEO4J_USER=settings.neo4j_user,
        NEO4J_PASSWORD=settings.password(),
        NEO4J_DATABASE=settings.neo4j_database,
    )
    port = _free_port()
    log = ARTIFACTS / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app:asgi", "--factory", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Server(f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"the server exited:\n{log.read_text(errors='replace')[-3000:]}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{running.url}/readyz", timeout=2).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            pytest.fail(f"the server was not ready:\n{log.read_text(errors='replace')[-3000:]}")
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Module-scoped: Playwright's sync API holds an event loop in this thread while it runs,
    which the asyncio tests of other modules must not find."""
    if not CHROMIUM.is_file():
        pytest.fail("Debian's chromium is missing: run `make browser`")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh desktop page that fails the test on a script error or a CSP violation."""
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    opened = context.new_page()
    problems = watch(opened)
    yield opened
    context.close()
    assert not problems, problems


def watch(page: Page) -> list[str]:
    """The script errors and console errors (a CSP violation among them) `page` will show."""
    problems: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def shoot(page: Page, name: str, phone: bool = True, phone_at: str | None = None) -> None:
    """Keep the view at 1280 x 800, and at 375 px wide when asked (scrolled to `phone_at`)."""
    page.screenshot(path=ARTIFACTS / f"{name}-1280.png")
    if phone:
        page.set_viewport_size(PHONE)
        if phone_at:
            page.locator(phone_at).first.scroll_into_view_if_needed()
        page.wait_for_timeout(200)
        page.screenshot(path=ARTIFACTS / f"{name}-375.png")
        page.set_viewport_size(DESKTOP)
        page.evaluate("window.scrollTo(0, 0)")


def test_pages_have_a_strict_policy_and_immutable_assets(server: Server) -> None:
    for path in ("/", "/actor/ctpc", "/actor/cid/network", "/expertise", "/paths"):
        response = httpx.get(server.url + path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
    script = re.search(r'src="(/assets/[^"]+\.js)"', response.text)
    assert script, response.text
    asset = httpx.get(server.url + script[1])
    assert asset.status_code == 200
    assert "javascript" in asset.headers["content-type"]
    assert "immutable" in asset.headers["cache-control"]
    for path in ("/assets/missing.js", "/assets/..%2F..%2Fapp.py", "/assets/%2e%2e/index.html"):
        assert httpx.get(server.url + path).status_code == 404, path


def test_without_a_build_the_pages_say_how_to_make_one(tmp_path: Path) -> None:
    async def fetch() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=Starlette(routes=pages.routes(tmp_path / "dist")))
        async with httpx.AsyncClient(transport=transport, base_url="http://m") as client:
            return await client.get("/actor/ctpc"), await client.get("/assets/index.js")

    # Its own thread and loop: Playwright's sync API may hold this thread's loop.
    with ThreadPoolExecutor(1) as pool:
        response, asset = pool.submit(asyncio.run, fetch()).result()
    assert response.status_code == 503
    assert "make web" in response.text
    assert asset.status_code == 404


def test_search_ctpc_opens_its_page_with_its_partners(server: Server, page: Page) -> None:
    page.goto(server.url + "/")
    search = page.get_by_role("combobox", name="Rechercher")
    search.fill("CTPC")
    option = page.get_by_role("option", name=re.compile(r"^CTPC — Centre Technique"))
    expect(option).to_be_visible()
    shoot(page, "search-suggestions", phone=False)
    search.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/actor/ctpc$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(CTPC)
    partners = page.get_by_role("table", name=re.compile("Partenaires"))
    expect(partners.get_by_role("link", name="Capgemini Engineering Maroc")).to_be_visible()
    for heading in ("Identité", "Sources", "Compétences", "Accords et projets dans le temps"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.locator("#live")).to_contain_text("partenaires")
    shoot(page, "actor-ctpc")
    partners.get_by_role("link", name="Capgemini Engineering Maroc").click()
    expect(page).to_have_url(re.compile(r"/actor/capgemini-engineering-maroc$"))
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_contain_text(CTPC)


def test_network_of_cid_draws_every_technical_centre(server: Server, page: Page) -> None:
    # The CTIs, RECTIM's members (the foreign centres CSTB, CETIM and INCDTP are no partners
    # of CID's).
    centres = server.graphql('{ actor(key: "rectim") { members { key } } }')["actor"]["members"]
    assert len(centres) >= 9
    page.goto(server.url + "/actor/cid/network")
    graph = page.locator(".graph")
    expect(graph).to_have_attribute("data-nodes", re.compile(r"^[1-9]"))
    drawn = set(
        page.evaluate("document.querySelector('.graph')._cyreg.cy.nodes().map(n => n.id())")
    )
    assert {centre["key"] for centre in centres} <= drawn
    kinds = page.evaluate(
        "document.querySelector('.graph')._cyreg.cy.edges().map(e => e.data('kinds'))"
    )
    assert {"AGREEMENT", "PROJECT"} <= {kind for text in kinds for kind in text.split()}
    shoot(page, "network-cid", phone_at=".graph-frame")

    # Filters rewrite the deep link and redraw.
    page.get_by_label("Profondeur").select_option("2")
    page.get_by_role("checkbox", name="accord").uncheck()
    expect(page).to_have_url(re.compile(r"depth=2&via=PROJECT%2CMEMBERSHIP"))
    page.get_by_label("Date").fill("500")
    expect(page).to_have_url(re.compile(r"asOf=2011-0"))
    expect(page.locator(".slider-value")).to_contain_text("2011")

    # Exports: the same parameters for GraphML and CSV, the drawing itself as PNG.
    graphml = page.get_by_role("link", name="GraphML").get_attribute("href")
    assert graphml
    assert graphml.startswith("/export/graph.graphml?key=cid&depth=2&via=PROJECT")
    assert httpx.get(server.url + graphml).status_code == 200
    with page.expect_download() as download:
        page.get_by_role("button", name="Image PNG").click()
    assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # A deep link opens the same view; clicking a node offers its page.
    page.goto(server.url + "/actor/cid/network?depth=1")
    expect(graph).to_have_attribute("data-nodes", re.compile(r"^[1-9]"))
    box = graph.bounding_box()
    spot = page.evaluate(
        "document.querySelector('.graph')._cyreg.cy.$id('ctpc').renderedPosition()"
    )
    assert box
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    page.locator(".pair-panel").get_by_role("link", name="Ouvrir sa fiche").click()
    expect(page).to_have_url(re.compile(r"/actor/ctpc$"))


DRAWN_PAIRS = """document.querySelector('.graph')._cyreg.cy.edges()
    .map(e => [e.source().id(), e.target().id()])"""
CID_NETWORK = """{ neighbourhood(key: "cid", depth: 1) {
    edges { source target kind strength items { key relation title(lang: FR) } } } }"""


def _drawn(page: Page) -> list[frozenset[str]]:
    return [frozenset(ends) for ends in page.evaluate(DRAWN_PAIRS)]


def _wait_for_links(page: Page) -> None:
    expect(page.locator(".graph")).to_have_attribute("data-edges", re.compile(r"^[1-9]"))


def _pair_id(pair: frozenset[str]) -> str:
    return "~".join(sorted(pair))


def test_network_of_cid_draws_one_link_per_pair(server: Server, page: Page) -> None:
    edges = server.graphql(CID_NETWORK)["neighbourhood"]["edges"]
    strength: dict[frozenset[str], int] = {}
    for edge in edges:
        pair = frozenset((edge["source"], edge["target"]))
        strength[pair] = strength.get(pair, 0) + edge["strength"]
    spokes = {pair for pair in strength if "cid" in pair}

    page.goto(server.url + "/actor/cid/network")
    _wait_for_links(page)
    drawn = _drawn(page)
    (ARTIFACTS / "network-cid-links.txt").write_text(
        f"edges answered: {len(edges)}\npairs: {len(strength)}\nlinks drawn: {len(drawn)}\n"
    )
    # One line per pair, and by default only the walk's own links: the centre's spokes.
    assert len(drawn) == len(set(drawn)) == len(spokes) < len(edges)
    assert set(drawn) == spokes
    expect(page.locator(".graph")).to_have_attribute("data-edges", str(len(spokes)))
    expect(page.locator(".result-count")).to_contain_text(f"{len(spokes)} liens")
    expect(page.locator(".legend")).to_contain_text("Épaisseur")

    # A link's panel lists the agreements behind it: CERIC and CID signed the framework.
    ceric = frozenset(("ceric", "cid"))
    framework = next(
        item["title"]
        for edge in edges
        if frozenset((edge["source"], edge["target"])) == ceric
        for item in edge["items"]
        if item["relation"] == "framework_agreement"
    )
    box = page.locator(".graph").bounding_box()
    assert box
    middle = page.evaluate(
        f"document.querySelector('.graph')._cyreg.cy.$id('{_pair_id(ceric)}').renderedMidpoint()"
    )
    page.mouse.click(box["x"] + middle["x"], box["y"] + middle["y"])
    panel = page.locator(".pair-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading", level=2)).to_contain_text("CERIC")
    expect(panel.get_by_role("link", name=framework)).to_be_visible()
    expect(panel).to_contain_text("Convention-cadre")
    assert panel.locator("li").count() == strength[ceric]
    expect(page).to_have_url(re.compile(r"link=ceric%7Ecid"))
    shoot(page, "network-cid-links", phone_at=".pair-panel")
    panel.get_by_role("button", name="Fermer").click()
    expect(panel).to_be_hidden()
    expect(page).not_to_have_url(re.compile("link="))

    # The same panel from the keyboard, through the list of links.
    page.get_by_role("button", name="CERIC — CID", exact=True).press("Enter")
    expect(panel.get_by_role("link", name=framework)).to_be_visible()
    expect(panel.get_by_role("button", name="Fermer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(panel).to_be_hidden()

    # Links among the centre's partners on request, still one per pair.
    page.get_by_label("Liens entre acteurs à même distance").check()
    expect(page).to_have_url(re.compile(r"links=all"))
    expect(page.locator(".graph")).to_have_attribute("data-edges", str(len(strength)))
    drawn = _drawn(page)
    assert len(drawn) == len(set(drawn))
    assert set(drawn) == set(strength)

    # The centre's three strongest links, the other links kept.
    page.get_by_label("Liens les plus forts").select_option("3")
    expect(page).to_have_url(re.compile(r"top=3"))
    graph = page.locator(".graph")
    expect(graph).to_have_attribute("data-edges", str(len(strength) - len(spokes) + 3))
    kept = {pair for pair in _drawn(page) if "cid" in pair}
    weakest_kept = min(strength[pair] for pair in kept)
    assert all(strength[pair] <= weakest_kept for pair in spokes - kept)


def test_network_address_reproduces_the_view(server: Server, page: Page) -> None:
    page.goto(server.url + "/actor/cid/network")
    _wait_for_links(page)
    page.get_by_label("Liens les plus forts").select_option("5")
    page.get_by_label("Liens entre acteurs à même distance").check()
    expect(page).to_have_url(re.compile(r"links=all&top=5"))
    page.get_by_label("Disposition").select_option("force")
    expect(page).to_have_url(re.compile(r"layout=force"))
    box = page.locator(".graph").bounding_box()
    assert box
    middle = page.evaluate(
        "document.querySelector('.graph')._cyreg.cy.$id('cid~ctpc').renderedMidpoint()"
    )
    page.mouse.click(box["x"] + middle["x"], box["y"] + middle["y"])
    expect(page.locator(".pair-panel")).to_be_visible()
    address = page.url
    drawn = set(_drawn(page))
    listed = page.locator(".pair-panel li").all_inner_texts()
    assert listed

    shared = page.context.new_page()
    shared.goto(address)
    _wait_for_links(shared)
    expect(shared.get_by_label("Liens les plus forts")).to_have_value("5")
    expect(shared.get_by_label("Liens entre acteurs à même distance")).to_be_checked()
    expect(shared.get_by_label("Disposition")).to_have_value("force")
    expect(shared.locator(".pair-panel")).to_be_visible()
    assert set(_drawn(shared)) == drawn
    assert shared.locator(".pair-panel li").all_inner_texts() == listed
    assert shared.url == address
    shoot(shared, "network-cid-shared", phone=False)
    shared.close()


FRAMED = """document.querySelector('.graph')._cyreg.cy.$id(%r)
    .outgoers('edge.tie[kind = "FRAMES"]').targets().map(n => n.id())"""
PARTIES = """document.querySelector('.graph')._cyreg.cy.$id(%r)
    .connectedEdges('edge.tie[kind = "PARTY"]').sources().map(n => n.id())"""


def test_network_by_agreement_shows_the_framework_and_its_contracts(
    server: Server, page: Page
) -> None:
    edges = server.graphql(CID_NETWORK)["neighbourhood"]["edges"]
    spokes = [edge for edge in edges if "cid" in (edge["source"], edge["target"])]
    framework = next(
        item
        for edge in spokes
        for item in edge["items"]
        if item["relation"] == "framework_agreement"
    )
    signatories = {
        end
        for edge in spokes
        for item in edge["items"]
        if item["key"] == framework["key"]
        for end in (edge["source"], edge["target"])
    }
    contracts = server.graphql(
        f'{{ agreement(key: "{framework["key"]}") {{ contracts {{ key }} }} }}'
    )["agreement"]["contracts"]
    on_spokes = {item["key"] for edge in spokes for item in edge["items"]}
    expected = {f"AGREEMENT:{c['key']}" for c in contracts if c["key"] in on_spokes}
    assert expected

    page.goto(server.url + "/actor/cid/network")
    _wait_for_links(page)
    page.get_by_label("Vue").select_option("agreements")
    expect(page).to_have_url(re.compile(r"mode=agreements"))
    node = f"AGREEMENT:{framework['key']}"
    expect(page.locator(".result-count")).to_contain_text("accords et projets")
    assert set(page.evaluate(FRAMED % node)) == expected
    assert set(page.evaluate(PARTIES % node)) == signatories
    shoot(page, "network-cid-by-agreement", phone_at=".graph-frame")

    # The address opens the same reading; clicking the framework opens its page.
    page.reload()
    expect(page.locator(".result-count")).to_contain_text("accords et projets")
    _wait_for_links(page)
    expect(page.get_by_label("Vue")).to_have_value("agreements")
    assert set(page.evaluate(FRAMED % node)) == expected
    box = page.locator(".graph").bounding_box()
    spot = page.evaluate(
        f"document.querySelector('.graph')._cyreg.cy.$id({node!r}).renderedPosition()"
    )
    assert box
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    expect(page).to_have_url(re.compile(rf"/agreement/{framework['key']}$"))


NODES = "document.querySelector('.graph')._cyreg.cy.nodes().map(n => n.id())"


def _click_node(page: Page, key: str) -> None:
    box = page.locator(".graph").bounding_box()
    assert box
    spot = page.evaluate(
        f"document.querySelector('.graph')._cyreg.cy.$id({key!r}).renderedPosition()"
    )
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])


def test_network_unfolds_and_hides_actors_in_place(server: Server, page: Page) -> None:
    around = '{ neighbourhood(key: "%s", depth: 1) { nodes { key } } }'
    cid = {node["key"] for node in server.graphql(around % "cid")["neighbourhood"]["nodes"]}
    ctpc = {node["key"] for node in server.graphql(around % "ctpc")["neighbourhood"]["nodes"]}
    added = ctpc - cid
    assert added

    page.goto(server.url + "/actor/cid/network")
    _wait_for_links(page)
    assert set(page.evaluate(NODES)) == cid
    _click_node(page, "ctpc")
    panel = page.locator(".pair-panel")
    expect(panel.get_by_role("heading", level=2)).to_contain_text(CTPC)
    panel.get_by_role("button", name="Déplier ses voisins").click()
    expect(page).to_have_url(re.compile(r"expand=ctpc"))
    graph = page.locator(".graph")
    expect(graph).to_have_attribute("data-nodes", str(len(cid | ctpc)))
    assert set(page.evaluate(NODES)) == cid | ctpc
    unfolded = set(_drawn(page))
    assert all(frozenset(("ctpc", key)) in unfolded for key in added)

    _click_node(page, "ceric")
    panel.get_by_role("button", name="Masquer").click()
    expect(page).to_have_url(re.compile(r"hide=ceric"))
    expect(graph).to_have_attribute("data-nodes", str(len(cid | ctpc) - 1))
    assert "ceric" not in page.evaluate(NODES)
    shoot(page, "network-cid-unfolded", phone_at=".graph-frame")

    # The address keeps both gestures; the hidden actor comes back on request.
    page.reload()
    expect(graph).to_have_attribute("data-nodes", str(len(cid | ctpc) - 1))
    assert set(page.evaluate(NODES)) == (cid | ctpc) - {"ceric"}
    page.get_by_role("button", name="Réafficher 1 acteur masqué").click()
    expect(graph).to_have_attribute("data-nodes", str(len(cid | ctpc)))
    expect(page).not_to_have_url(re.compile("hide="))


def test_expertise_finder_ranks_actors_with_evidence(server: Server, page: Page) -> None:
    page.goto(server.url + "/expertise?theme=d%C3%A9carbonation")
    ranked = page.locator(".ranked-item")
    expect(ranked.first).to_be_visible()
    assert ranked.count() >= 3
    for index in range(ranked.count()):
        item = ranked.nth(index)
        expect(item.locator(".ranked-title a")).to_be_visible()
        assert item.locator(".evidence").count() >= 1
    expect(page.locator(".result-count")).to_contain_text("acteurs pour « décarbonation »")
    expect(page.locator("#live")).to_contain_text("acteurs")
    # CTTH comes first (its energy-efficiency competency, the water convention, the 2025
    # framework); the ministry, patron of the plastics forums, weighs less for them.
    expect(ranked.first.locator(".ranked-title a")).to_contain_text(
        "Centre Technique du Textile et de l'Habillement"
    )
    framework = ranked.first.locator(".evidence").filter(has_text="Convention-cadre de partenariat")
    expect(framework).to_have_count(1)
    shoot(page, "expertise-decarbonation")

    # The form: a theme picked from the suggestions.
    page.goto(server.url + "/expertise")
    box = page.get_by_role("combobox", name="Votre question ou un thème")
    box.fill("certif")
    page.get_by_role("option", name=re.compile("^Certification")).click()
    expect(page).to_have_url(re.compile(r"/expertise\?theme=certification"))
    expect(ranked.first).to_be_visible()


def test_path_finder_links_ctpc_and_capgemini(server: Server, page: Page) -> None:
    page.goto(server.url + "/paths")
    for name, text, choice in (("De", "CTPC", "^CTPC — "), ("À", "Capgemini SE", "^Capgemini SE")):
        box = page.get_by_role("combobox", name=name, exact=True)
        box.fill(text)
        expect(page.get_by_role("option", name=re.compile(choice))).to_be_visible()
        box.press("ArrowDown")
        box.press("Enter")
    page.get_by_role("button", name="Trouver").click()
    expect(page).to_have_url(re.compile(r"/paths\?from=ctpc&to=capgemini"))
    chain = page.locator(".path").first
    expect(chain.locator(".chain-actor")).to_have_count(3)
    expect(chain.locator(".chain-actor").nth(1)).to_contain_text("Capgemini Engineering Maroc")
    expect(chain.locator(".chain-step").first).to_contain_text("Protocole de collaboration")
    expect(chain.locator(".chain-step").nth(1)).to_contain_text("filiale")
    shoot(page, "paths-ctpc-capgemini")


def test_english_deep_link_and_keyboard(server: Server, page: Page) -> None:
    page.goto(server.url + "/actor/ctpc?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Technical Centre for Plastics and Rubber"
    )
    expect(page.get_by_role("heading", name="Partners")).to_be_visible()
    href = page.get_by_role("link", name="See its network").get_attribute("href")
    assert href == "/actor/ctpc/network?lang=en"
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.get_by_role("link", name="Français").click()
    expect(page).to_have_url(re.compile(r"/actor/ctpc$"))
    expect(page.get_by_role("heading", name="Partenaires")).to_be_visible()
    shoot(page, "actor-ctpc-fr-after-switch", phone=False)


def test_dump_dom_holds_the_actor_page(server: Server, tmp_path: Path) -> None:
    """`chromium --headless --dump-dom` prints the DOM at the load event: the page's first
    view must be rendered by then."""
    dumped = subprocess.run(
        [
            str(CHROMIUM),
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            f"{server.url}/actor/ctpc",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    (ARTIFACTS / "actor-ctpc.dom.html").write_text(dumped, encoding="utf-8")
    assert CTPC in dumped
    assert "Capgemini Engineering Maroc" in dumped


NEW_ACTORS = [
    (
        "amica",
        "Association Marocaine pour l'Industrie et la Construction Automobile",
        "Association professionnelle de l'industrie automobile",
    ),
    ("cetim-maroc", "Cetim Maroc Développement", "Laboratoire d'essais détenu à 100 % par"),
    ("mtc", "Morocco Technical Center (MTC)", "Centre de R&D du constructeur PSA"),
]


@pytest.mark.parametrize(("key", "name", "french"), NEW_ACTORS)
def test_actor_pages_of_the_second_pass_read_in_french(
    server: Server, page: Page, key: str, name: str, french: str
) -> None:
    page.goto(f"{server.url}/actor/{key}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.locator(".description")).to_contain_text(french)
    expect(page.get_by_role("heading", name="Sources", exact=True)).to_be_visible()


def test_former_names_show_with_their_period(server: Server, page: Page) -> None:
    page.goto(server.url + "/actor/amica")
    identity = page.locator('section[aria-labelledby="actor-identity"]')
    expect(identity).to_contain_text("Anciens noms")
    expect(identity).to_contain_text(
        "Association Marocaine pour l'Industrie et le Commerce Automobile (jusqu'en 2017)"
    )
    page.goto(server.url + "/actor/fimme?lang=en")
    expect(page.locator('section[aria-labelledby="actor-identity"]')).to_contain_text(
        "Former names"
    )
    expect(page.locator('section[aria-labelledby="actor-identity"]')).to_contain_text(
        "(until 2010)"
    )
    page.goto(server.url + "/actor/mtc?lang=en")
    expect(page.locator(".description")).to_contain_text("R&D centre of the carmaker PSA")
