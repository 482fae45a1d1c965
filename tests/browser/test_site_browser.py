"""The built site opened from disk (file://) in headless Chromium: the index lists the
articles, a history page links to its diffs, a diff page shows the expected <ins>/<del>
text, hostile text stays text, no page logs a console error. Screenshots go to artifacts/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from articlediff.site import write_site
from tests.conftest import ROOT
from tests.site.conftest import site_files, three_store  # noqa: F401  (fixtures)
from tests.site.stores import HOSTILE_HEADLINE, IDS, SAMPLE_ID

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "artifacts"


def console_errors(driver: Any) -> list[dict[str, Any]]:
    return [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]


def shown_text(driver: Any, tag: str) -> list[str]:
    """The text of each ``tag`` element without its visually hidden screen-reader label."""
    script = """
        return Array.from(document.getElementsByTagName(arguments[0])).map(e =>
            Array.from(e.childNodes)
                .filter(n => !(n.classList && n.classList.contains("vh")))
                .map(n => n.textContent).join(""));
    """
    result: list[str] = driver.execute_script(script, tag)
    return result


@pytest.fixture(scope="module")
def site_dir(site_files: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    out = tmp_path_factory.mktemp("browser") / "site"
    write_site(site_files, out)
    return out


def test_index_history_and_diff_in_a_real_browser(browser: Any, site_dir: Path) -> None:
    from selenium.webdriver.common.by import By

    ARTIFACTS.mkdir(exist_ok=True)
    browser.set_window_size(1200, 900)
    browser.get((site_dir / "index.html").as_uri())
    assert browser.title == "All articles · Article history"
    rows = browser.find_elements(By.CSS_SELECTOR, "table.articles tbody tr")
    assert [row.find_element(By.TAG_NAME, "code").text for row in rows] == [
        "local/harbour-plan",
        SAMPLE_ID,
        "daily/quake",
    ]
    assert sorted(r.find_element(By.TAG_NAME, "code").text for r in rows) == sorted(IDS)
    # Hostile text is shown as text: no script ran, no image was made.
    assert rows[0].find_element(By.TAG_NAME, "a").text == HOSTILE_HEADLINE
    assert browser.find_elements(By.TAG_NAME, "img") == []
    assert console_errors(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "site-index.png"))

    rows[1].find_element(By.TAG_NAME, "a").click()
    assert browser.current_url.endswith(f"articles/{SAMPLE_ID}/index.html")
    diff_links = browser.find_elements(By.CSS_SELECTOR, "table.history a")
    assert [a.text for a in diff_links] == ["r1 → r2", "r2 → r3"]
    assert console_errors(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "site-history.png"))

    diff_links[0].click()
    assert browser.current_url.endswith(f"articles/{SAMPLE_ID}/r1-r2.html")
    deleted, inserted = shown_text(browser, "del"), shown_text(browser, "ins")
    assert "23" in deleted and "24" in inserted
    assert "as Russian leader lands" in deleted
    # The screen-reader labels are in the page but not visible.
    label = browser.find_element(By.CSS_SELECTOR, "del .vh")
    assert label.get_attribute("textContent") == "[deleted: "
    assert not label.is_displayed() or label.size["width"] <= 1
    assert console_errors(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "site-diff.png"))

    # Readable on a phone: nothing wider than the screen but the scrollable tables.
    browser.set_window_size(390, 844)
    width = browser.execute_script("return document.documentElement.scrollWidth")
    inner = browser.execute_script("return window.innerWidth")
    assert width <= inner
    browser.save_screenshot(str(ARTIFACTS / "site-diff-phone.png"))
    assert (ARTIFACTS / "site-diff.png").stat().st_size > 1000


def test_every_page_loads_without_console_errors(browser: Any, site_dir: Path) -> None:
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) == 15
    for page in pages:
        browser.get(page.as_uri())
        assert console_errors(browser) == [], page
        assert browser.execute_script("return document.styleSheets.length") == 1, page
