"""The portal in a real browser (Debian's Chromium driven by Selenium), as its
users meet it: a site head opens their link and downloads their room
workbook, comes back after a re-run and reads what changed; the chef de
bureau logs in, sees who downloaded, publishes the new version and revokes a
link, which then shows a French refusal page.

With ``ORAUX_CAPTURES=<folder>`` the pages are also saved there as PNG
screenshots (``make captures`` refreshes the README's pictures).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import Engine
from werkzeug.serving import make_server

from scheduler.io.plan_files import read_office_csv
from scheduler.portal import store
from scheduler.portal.publishing import publish
from scheduler.portal.server import define_password
from scheduler.portal.web import create_app
from tests.portal.conftest import wait_for_download
from tests.portal.sessions import CODE, Office

# They plan and re-plan a session through the command line: not in « make test-rapide ».
pytestmark = pytest.mark.slow

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

PASSWORD = "cheval agrafe batterie"
#: The E4 site, where plan-v2's withdrawal frees a slot.
SITE = "castres"


class _Later:
    """A WSGI application given once the server's port is known."""

    app: Callable[..., Any]

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        return self.app(environ, start_response)


@pytest.fixture
def portal(office: Office, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    """The portal served on loopback (a free port) on a fresh SQLite database."""
    engine = store.open_store(store.sqlite_url(tmp_path))
    later = _Later()
    server = make_server("127.0.0.1", 0, later, threaded=True)
    address = f"http://127.0.0.1:{server.server_port}"
    later.app = create_app(
        engine, session_dir=office.session, models_dir=office.models, output_root=office.outputs, base_url=address
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield address, engine
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        engine.dispose()


def _capture(browser: WebDriver, name: str) -> None:
    """The page as PNG in ``$ORAUX_CAPTURES``, whole height, when asked for."""
    folder = os.environ.get("ORAUX_CAPTURES")
    if not folder:
        return
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(max(int(height) + 200, 600), 2600))
    target = Path(folder) / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(target.with_suffix(".tmp.png")))
    shutil.move(target.with_suffix(".tmp.png"), target)
    browser.set_window_size(1280, 900)


#: For each text element of the page: its colour and the first opaque
#: background behind it, as [r, g, b] lists.
_COLOURS = """
const rgb = s => s.match(/[\\d.]+/g).map(Number);
const out = [];
for (const el of document.querySelectorAll('h1, h2, p, a, th, td, li, button, label, strong, caption')) {
  if (!el.textContent.trim()) continue;
  let bg = el, colour = null;
  while (bg) {
    const c = rgb(getComputedStyle(bg).backgroundColor);
    if (c.length < 4 || c[3] > 0) { colour = c.slice(0, 3); break; }
    bg = bg.parentElement;
  }
  out.push([el.tagName + '.' + el.className, rgb(getComputedStyle(el).color).slice(0, 3), colour || [255, 255, 255]]);
}
return out;
"""


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _low_contrast(browser: WebDriver) -> list[str]:
    """The text elements under the WCAG AA contrast ratio (4.5:1)."""
    out = []
    seen = browser.execute_script(_COLOURS)
    assert len(seen) > 10, seen
    for what, fg, bg in seen:
        light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
        ratio = (light + 0.05) / (dark + 0.05)
        if ratio < 4.5:
            out.append(f"{what}: {ratio:.2f}")
    return out


def _text(browser: WebDriver) -> str:
    from selenium.webdriver.common.by import By

    return str(browser.find_element(By.TAG_NAME, "body").text)


def _click(browser: WebDriver, element: Any) -> None:
    """Click, or submit a form field, and wait until the page it leads to replaced this one.

    While the old page is being torn down, chromedriver may answer a question
    about its element with an inspector error ("Cannot find context with
    specified id") rather than "stale element": that means "not yet", and the
    wait asks again until the element is reported stale."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.expected_conditions import staleness_of
    from selenium.webdriver.support.wait import WebDriverWait

    if element.tag_name == "input":
        element.submit()
    else:
        element.click()
    waiting = WebDriverWait(browser, 20, ignored_exceptions=(WebDriverException,))
    waiting.until(staleness_of(element), "the page did not change")


def _heading(browser: WebDriver, expected: str) -> None:
    """Wait for the page whose title (h1) is ``expected``: a click on a form's
    button returns before the next page is there."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    def shown(driver: WebDriver) -> bool:
        try:
            return bool(driver.find_element(By.TAG_NAME, "h1").text == expected)
        except Exception:  # the page is being replaced
            return False

    WebDriverWait(browser, 20).until(shown, f"no page titled {expected!r}")


def _log_in(browser: WebDriver, address: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{address}/bureau/connexion")
    # The field is found by its label, as a screen reader announces it.
    label = browser.find_element(By.XPATH, "//label[normalize-space()='Mot de passe']")
    field = browser.find_element(By.ID, label.get_attribute("for"))
    field.send_keys(PASSWORD)
    _click(browser, field)
    _heading(browser, "Suivi des téléchargements")


def _row(browser: WebDriver, name: str) -> str:
    from selenium.webdriver.common.by import By

    rows = browser.find_elements(By.XPATH, f"//table[@class='suivi']//tr[td[1][normalize-space()='{name}']]")
    assert len(rows) == 1, name
    return str(rows[0].text)


def test_site_head_and_chef_de_bureau_in_a_browser(
    browser: WebDriver, download_dir: Path, office: Office, portal: tuple[str, Engine]
) -> None:
    from selenium.webdriver.common.by import By

    address, engine = portal
    done = publish(
        office.session, engine, plan="plan-v1", models_dir=office.models, output_root=office.outputs, base_url=address
    )
    links = {(r["role"], r["destinataire"]): r["lien"] for r in read_office_csv(done.links.read_bytes())}
    head, link = next((name, url) for (role, name), url in links.items() if role == "chef_de_centre" and "Castres" in name)
    workbook = f"salles-{SITE}.xlsx"

    # The site head opens their link: their documents, and only theirs.
    browser.get(link)
    assert browser.current_url == f"{address}/mes-documents"
    assert browser.title.startswith("Vos documents")
    assert head in _text(browser)
    offered = {a.text for a in browser.find_elements(By.CSS_SELECTOR, "table.documents a")}
    assert workbook in offered and not any(n.startswith("salles-") and n != workbook for n in offered)
    _capture(browser, "portail-chef-de-centre")
    assert not _low_contrast(browser)
    browser.find_element(By.LINK_TEXT, workbook).click()
    got = wait_for_download(download_dir, ".xlsx")
    assert got.name == workbook
    assert got.read_bytes() == (office.folder(1) / workbook).read_bytes()

    # The chef de bureau sees who downloaded, then publishes the re-run's plan.
    define_password(engine, PASSWORD)
    _log_in(browser, address)
    assert "oui, le" in _row(browser, head)
    assert "pas encore" in _text(browser)
    _click(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Publier']"))
    _heading(browser, "Version 2 publiée")
    browser.get(f"{address}/bureau")
    assert "version 2 en vigueur" in _text(browser)
    assert "pas encore" in _row(browser, head)  # not the new version yet

    # The site head comes back: what changed at their site, then the new workbook.
    browser.get(link)
    news = browser.find_element(By.CSS_SELECTOR, "section.changements").text
    assert news.startswith("Ce qui a changé depuis votre dernière visite")
    assert "version 2" in news and "2021" in news
    assert "Version 2 (en vigueur)" in _text(browser)
    _capture(browser, "portail-chef-de-centre-changements")
    for old in download_dir.iterdir():
        old.unlink()
    # With the keyboard alone: Tab from the top of the page to the link, Enter.
    from selenium.webdriver.common.keys import Keys

    target = browser.find_element(By.LINK_TEXT, workbook)
    body = browser.find_element(By.TAG_NAME, "body")
    body.click()
    for _ in range(60):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.switch_to.active_element == target:
            break
    assert browser.switch_to.active_element == target, "the workbook's link is not reachable with Tab"
    # The focused link is visibly outlined.
    assert target.value_of_css_property("outline-style") not in ("none", "")
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    assert wait_for_download(download_dir, ".xlsx").read_bytes() == (office.folder(2) / workbook).read_bytes()

    # The chef de bureau revokes the link; it then opens a French refusal page.
    _log_in(browser, address)
    assert "oui, le" in _row(browser, head)
    published = [a.text for a in browser.find_elements(By.XPATH, "//h3[.='Versions publiées']/following-sibling::ul[1]//a")]
    assert published == ["version 2", "version 1"]
    people = sum(role != "chef_de_bureau" for role, _ in links)
    assert f"1 destinataire sur {people} a téléchargé la version 2 ; {people - 1} à relancer." in _text(browser)
    _capture(browser, "portail-chef-de-bureau")
    assert not _low_contrast(browser)
    _click(browser, browser.find_element(By.CSS_SELECTOR, f"button[aria-label='Révoquer le lien de {head}']"))
    _heading(browser, "Suivi des téléchargements")
    assert "révoqué" in _row(browser, head)
    browser.get(link)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Accès refusé"
    assert "Accès refusé : ce lien a été révoqué par le bureau des examens." in _text(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href^='/telecharger/']")
    browser.get(f"{address}/telecharger/{CODE}/v2/{workbook}")
    assert "Accès refusé" in _text(browser)
