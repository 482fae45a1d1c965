"""A headless Chromium driven by Selenium, or a skip that says what is missing.

``make test-browser`` installs Debian's ``chromium`` and ``chromium-driver`` (where apt-get
and root are available) and the ``browser`` extra (Selenium), then runs ``pytest -m browser``.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


def _find(env: str, *names: str) -> str | None:
    explicit = os.environ.get(env)
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or ``None``."""
    if importlib.util.find_spec("selenium") is None:
        return "selenium is not installed (pip install -e '.[browser]', or make test-browser)"
    if _find("CHROMIUM", "chromium", "chromium-browser") is None:
        return "no chromium on PATH (apt-get install chromium, or make test-browser)"
    if _find("CHROMEDRIVER", "chromedriver") is None:
        return "no chromedriver on PATH (apt-get install chromium-driver, or make test-browser)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = missing_browser()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _find("CHROMIUM", "chromium", "chromium-browser") or ""
    profile = tempfile.mkdtemp(prefix="articlediff-chromium-")
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1200,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(
        service=Service(_find("CHROMEDRIVER", "chromedriver") or ""), options=options
    )
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
