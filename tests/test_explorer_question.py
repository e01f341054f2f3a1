"""The expertise page's question box in a real browser: a sentence read into removable chips,
choices asked back, the ranked actors with their evidence, in French and English, with the
state in the address."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests import test_explorer as explorer
from tests.test_explorer import Server, shoot

# The explorer tests' fixtures: its server, Chromium and page.
server = explorer.server
browser = explorer.browser
page = explorer.page

QUESTION = "qui peut aider sur la décarbonation dans la plasturgie ?"


def titles(page: Page) -> list[str]:
    return page.locator(".ranked-item .ranked-title a").all_inner_texts()


def test_a_question_becomes_chips_that_can_be_removed(server: Server, page: Page) -> None:
    page.goto(server.url + "/expertise")
    box = page.get_by_role("combobox", name="Votre question ou un thème")
    box.fill(QUESTION)
    page.get_by_role("button", name="Chercher", exact=True).click()
    expect(page).to_have_url(re.compile(r"/expertise\?q=qui\+peut"))
    chips = page.locator(".part-chip")
    expect(chips).to_have_count(2)
    expect(chips.nth(0)).to_contain_text("Thème : Décarbonation")
    expect(chips.nth(1)).to_contain_text("Secteur : Plasturgie et caoutchouc")
    expect(page.locator(".result-count")).to_contain_text(f"pour « {QUESTION} »")
    ranked = page.locator(".ranked-item")
    expect(ranked.first).to_be_visible()
    narrowed = titles(page)
    # Only the plastics actors: CTPC and FMP, with their evidence and what each role weighs.
    assert any("CTPC" in title or "Plasturgie" in title for title in narrowed), narrowed
    assert not any("Textile et de l'Habillement" in title for title in narrowed), narrowed
    expect(page.locator(".evidence .role-weight").first).to_contain_text(
        re.compile(r"poids du rôle \u00d7[0-9]")
    )
    shoot(page, "expertise-question")

    # Removing the sector widens the answer to every actor on decarbonisation: the question
    # is asked again as `expertise` without that part, and the address says so.
    page.get_by_role("button", name="Retirer « Plasturgie et caoutchouc »").click()
    expect(page).to_have_url(re.compile(r"without=SECTOR%3Aplasturgie"))
    expect(chips).to_have_count(1)
    expect(ranked.first.locator(".ranked-title a")).to_contain_text(
        "Centre Technique du Textile et de l'Habillement"
    )
    widened = titles(page)
    assert len(widened) > len(narrowed)
    expect(page.locator("#live")).to_contain_text("acteurs")

    # The address holds the state: a reload shows the same chips and actors.
    page.reload()
    expect(chips).to_have_count(1)
    expect(ranked.first).to_be_visible()
    assert titles(page) == widened

    # Removing the last theme leaves nothing to ask; the whole question comes back on request.
    page.get_by_role("button", name="Retirer « Décarbonation »").click()
    expect(page.locator(".result-count")).to_contain_text("Toutes les parties")
    expect(ranked).to_have_count(0)
    page.get_by_role("link", name="Revenir à la question entière").click()
    expect(chips).to_have_count(2)
    expect(ranked.first).to_be_visible()
    assert titles(page) == narrowed


def test_two_sectors_are_asked_back_as_choices(server: Server, page: Page) -> None:
    page.goto(server.url + "/expertise?q=formation+dans+la+plasturgie+ou+le+textile")
    choices = page.get_by_role("group", name=re.compile("peut désigner"))
    expect(choices).to_be_visible()
    expect(choices.get_by_role("button")).to_have_count(2)
    expect(page.locator(".part-chip")).to_have_count(1)  # the theme; no sector filters yet
    choices.get_by_role("button", name="Textile et habillement").click()
    expect(page).to_have_url(re.compile(r"choose=SECTOR%3Atextile-clothing"))
    expect(choices).to_have_count(0)
    expect(page.locator(".part-chip").nth(1)).to_contain_text("Secteur : Textile et habillement")
    expect(page.locator(".ranked-item").first).to_be_visible()
    shoot(page, "expertise-question-choice", phone=False)


def test_english_question_and_a_question_naming_nothing(server: Server, page: Page) -> None:
    question = "who trains engineers in automotive part design near Casablanca?"
    page.goto(server.url + "/expertise?lang=en")
    box = page.get_by_role("combobox", name="Your question or a theme")
    box.fill(question)
    box.press("Enter")  # a question, not one of the themes suggested meanwhile
    expect(page).to_have_url(re.compile(r"q=who\+trains.*lang=en"))
    chips = page.locator(".part-chip")
    expect(chips.filter(has_text="Region")).to_have_count(1)
    expect(chips.filter(has_text="Theme")).not_to_have_count(0)
    expect(page.locator(".result-count")).to_contain_text("actors for “who trains")
    expect(page.locator(".ranked-item").first).to_be_visible()
    expect(page.locator(".evidence .role-weight").first).to_contain_text(
        re.compile(r"role weight \u00d7[0-9]")
    )

    page.goto(server.url + "/expertise?q=bonjour+tout+le+monde")
    expect(page.locator(".result-count")).to_contain_text("Rien de compris dans « bonjour")
    expect(page.locator(".ranked-item")).to_have_count(0)
    expect(page.locator(".part-chip")).to_have_count(0)
