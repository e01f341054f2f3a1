"""Curation in the explorer, end to end in Chromium: an editor signs in with an API key and
records an agreement through the form; refusals show next to their fields; viewers see no
form; descriptions read in the language chosen, with a mark where they fall back.
Screenshots are kept in test-artifacts/explorer/."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import httpx
import pytest
from neo4j import AsyncGraphDatabase
from playwright.sync_api import Page, expect

from graph.db import Db
from graph.keys import Role
from settings import Settings
from tests import test_explorer as explorer
from tests.curation_helpers import forget_curation, new_key
from tests.test_explorer import Server, _drawn, _wait_for_links, shoot

# The explorer tests' fixtures: its server, Chromium and page.
server = explorer.server
browser = explorer.browser
page = explorer.page

T = TypeVar("T")
AGREEMENT = "protocole-ctpc-ofppt-2026"
SOURCE = "communique-ctpc-ofppt-2026"


def _on_graph(settings: Settings, work: Callable[[Db], Awaitable[T]]) -> T:
    """Run `work` on a driver of its own, in a thread: Playwright's loop holds this one."""

    async def run() -> T:
        driver = AsyncGraphDatabase.driver(
            settings.uri, auth=(settings.neo4j_user, settings.password())
        )
        try:
            return await work(Db(driver, settings.neo4j_database, 30.0))
        finally:
            await driver.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result()


def _forget(settings: Settings) -> None:
    async def work(db: Db) -> None:
        await forget_curation(db.driver, settings)

    _on_graph(settings, work)


@pytest.fixture
def keys(server: Server, settings: Settings) -> Iterator[dict[Role, str]]:
    """An editor's and a viewer's key; every curated item, change and key is gone afterwards,
    so the seed graph the other tests count on is back."""

    async def work(db: Db) -> dict[Role, str]:
        return {role: await new_key(db, role) for role in (Role.EDITOR, Role.VIEWER)}

    made = _on_graph(settings, work)
    try:
        yield made
    finally:
        _forget(settings)


def _graphql(site: Server, query: str, token: str | None = None) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(f"{site.url}/graphql", json={"query": query}, headers=headers, timeout=30)
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def _written(site: Server) -> tuple[bool, bool]:
    data = _graphql(
        site,
        f'{{ agreement(key: "{AGREEMENT}") {{ key }} '
        f'changes(entityKey: "{SOURCE}") {{ nodes {{ id }} }} }}',
    )
    return data["agreement"] is not None, bool(data["changes"]["nodes"])


def _partners(site: Server, key: str) -> set[str]:
    data = _graphql(
        site, f'{{ actor(key: "{key}") {{ partners(first: 100) {{ actor {{ key }} }} }} }}'
    )
    return {partner["actor"]["key"] for partner in data["actor"]["partners"]}


def _sign_in(tab: Page, site: Server, token: str) -> None:
    tab.goto(site.url + "/signin")
    tab.get_by_label("Clé d\u2019API").fill(token)
    tab.get_by_role("button", name="Se connecter").click()


def _pick(tab: Page, path: str, text: str, option: str) -> None:
    box = tab.locator(f'[data-path="{path}"] input')
    box.fill(text)
    tab.get_by_role("option", name=re.compile(option)).first.click()


def _fill_agreement(
    tab: Page, role: str = "signatory", url: str = "https://example.org/ctpc"
) -> None:
    tab.get_by_label("Titre en français").fill("Protocole CTPC OFPPT 2026")
    tab.get_by_label("Titre en anglais").fill("CTPC OFPPT protocol 2026")
    tab.get_by_label("Date de signature").fill("2026-02-10")
    tab.get_by_label("Résumé en anglais").fill("Training in plastics processing.")
    _pick(tab, "input.parties.1.actor", "OFPPT", "^OFPPT")
    tab.locator('[data-path="input.parties.1.role"] input').fill(role)
    tab.get_by_label("Adresse (URL)").fill(url)
    tab.get_by_label("Titre de la source").fill("Communiqué CTPC OFPPT 2026")


def test_an_editor_records_an_agreement_with_a_new_source(
    server: Server,
    page: Page,
    keys: dict[Role, str],
) -> None:
    assert "ofppt" not in _partners(server, "ctpc")
    _sign_in(page, server, keys[Role.EDITOR])
    expect(page).to_have_url(re.compile(r"/curate$"))
    expect(page.locator(".account")).to_contain_text("test-editor-")

    page.goto(server.url + "/actor/ctpc")
    page.get_by_role("link", name="Enregistrer un accord").click()
    expect(page).to_have_url(re.compile(r"/curate\?form=agreement&actor=ctpc$"))
    party = page.locator('[data-path="input.parties.0.actor"] input')
    expect(party).to_have_value(re.compile("CTPC"))
    _fill_agreement(page)
    expect(page.get_by_label("Clé", exact=True)).to_have_value(AGREEMENT)
    expect(page.get_by_label("Clé de la source")).to_have_value(SOURCE)
    shoot(page, "curate-agreement-form", phone_at="form.edit-form")
    page.get_by_role("button", name="Enregistrer l\u2019accord").dblclick()
    done = page.locator(".done")
    expect(done).to_contain_text("Protocole CTPC OFPPT 2026")
    assert _written(server) == (True, True)
    changes = _graphql(server, f'{{ changes(entityKey: "{AGREEMENT}") {{ nodes {{ action }} }} }}')
    assert [change["action"] for change in changes["changes"]["nodes"]] == ["CREATE"]

    assert "ofppt" in _partners(server, "ctpc")
    for here, other in (("ctpc", "OFPPT"), ("ofppt", "CTPC")):
        page.goto(f"{server.url}/actor/{here}")
        partners = page.get_by_role("table", name=re.compile("Partenaires"))
        expect(partners.get_by_role("link", name=re.compile(other))).to_be_visible()
        history = page.locator("section[aria-labelledby=history]")
        expect(history.get_by_role("link", name=f"accord {AGREEMENT}")).to_be_visible()
    shoot(page, "curate-history-ofppt", phone_at="section[aria-labelledby=history]")

    page.goto(f"{server.url}/actor/ctpc/network")
    _wait_for_links(page)
    assert frozenset({"ctpc", "ofppt"}) in _drawn(page)
    page.goto(f"{server.url}/agreement/{AGREEMENT}")
    history = page.locator("section[aria-labelledby=history]")
    expect(history).to_contain_text("création")
    expect(page.locator("#item-sources").locator("..")).to_contain_text(
        "Communiqué CTPC OFPPT 2026"
    )


def test_a_refusal_shows_next_to_its_fields_and_writes_nothing(
    server: Server,
    page: Page,
    keys: dict[Role, str],
) -> None:
    _sign_in(page, server, keys[Role.EDITOR])
    page.goto(server.url + "/curate?form=agreement&actor=ctpc")
    _fill_agreement(page, role="Signataire !", url="pas une adresse")
    page.get_by_role("button", name="Enregistrer l\u2019accord").click()
    role_error = page.locator('[data-path="input.parties.1.role"] .field-error')
    url_error = page.locator('[data-path="newSources.0.url"] .field-error')
    expect(role_error).to_contain_text("input.parties.1.role")
    expect(url_error).to_contain_text("newSources.0.url")
    expect(page.locator('[data-path="input.sources"] .field-error')).to_be_hidden()
    expect(page.locator('[data-path="newSources.0.url"] input')).to_have_attribute(
        "aria-invalid", "true"
    )
    expect(page.get_by_role("alert")).to_contain_text("Rien n\u2019a été écrit")
    shoot(page, "curate-refused", phone_at='[data-path="newSources.0.url"]')
    assert _written(server) == (False, False)

    page.get_by_label("Date de signature").fill("")
    page.get_by_role("button", name="Enregistrer l\u2019accord").click()
    expect(page.locator('[data-path="input.signedOn"] .field-error')).to_contain_text("obligatoire")
    assert _written(server) == (False, False)


def test_viewers_and_anonymous_callers_see_no_form(
    server: Server,
    page: Page,
    keys: dict[Role, str],
) -> None:
    for who in ("anonymous", "viewer"):
        if who == "viewer":
            _sign_in(page, server, keys[Role.VIEWER])
            expect(page.locator(".account")).to_contain_text("test-viewer-")
        page.goto(server.url + "/curate")
        expect(page.get_by_role("alert")).to_contain_text(
            "clé d\u2019éditeur" if who == "viewer" else "éditeur"
        )
        expect(page.locator("form.edit-form")).to_have_count(0)
        page.goto(server.url + "/actor/ctpc")
        expect(page.locator("section[aria-labelledby=history]")).to_be_visible()
        expect(page.get_by_role("link", name="Enregistrer un accord")).to_have_count(0)
        expect(page.locator(".edit-action")).to_have_count(0)
    shoot(page, "curate-viewer", phone=False)


def test_descriptions_read_in_the_language_chosen_or_say_they_fall_back(
    server: Server,
    page: Page,
    keys: dict[Role, str],
) -> None:
    api = _graphql(
        server, '{ actor(key: "ctpc") { fr: description(lang: FR) en: description(lang: EN) } }'
    )
    assert api["actor"]["fr"] != api["actor"]["en"]
    page.goto(server.url + "/actor/ctpc")
    description = page.locator("#actor-identity").locator("..").locator("p.description")
    expect(description).to_contain_text(api["actor"]["fr"])
    expect(description).to_have_attribute("lang", "fr")
    expect(description.locator(".lang-mark.fallback")).to_have_count(0)
    shoot(page, "actor-ctpc-french", phone_at="#actor-identity")

    created = httpx.post(
        f"{server.url}/graphql",
        json={
            "query": "mutation ($input: ActorInput!) { createActor(input: $input) { __typename } }",
            "variables": {
                "input": {
                    "key": "atelier-atlas",
                    "kind": "COMPANY",
                    "nameFr": "Atelier Atlas",
                    "nameEn": "Atlas Workshop",
                    "description": "A workshop written about in English only.",
                    "sources": ["article-2025-10-16"],
                }
            },
        },
        headers={"authorization": f"Bearer {keys[Role.EDITOR]}"},
        timeout=30,
    ).json()
    assert created["data"]["createActor"]["__typename"] == "ActorPayload", created
    page.goto(server.url + "/actor/atelier-atlas")
    description = page.locator("p.description")
    expect(description).to_contain_text("A workshop written about in English only.")
    expect(description).to_have_attribute("lang", "en")
    expect(description.locator(".lang-mark.fallback")).to_have_text("en anglais")
    shoot(page, "actor-fallback-mark", phone_at="p.description")
    page.goto(server.url + "/actor/atelier-atlas?lang=en")
    expect(page.locator("p.description")).to_have_attribute("lang", "en")
    expect(page.locator("p.description .lang-mark")).to_have_count(0)
