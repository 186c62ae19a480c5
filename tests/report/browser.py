"""Headless Chromium driven by Playwright, for the browser tests of the reports.

Skips (with the reason) when Debian's ``chromium`` or the ``playwright`` package is missing, so
that a user without them can still run the test suite. CI installs both (``.ci/run``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    """Path of the system Chromium, or skip the test."""
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    pytest.skip("navigateur Chromium absent (apt-get install -y chromium) : test navigateur "
                "ignoré")


def render_page(html_path: Path, screenshot: Path) -> dict:
    """Open a local HTML file, screenshot it (full page) and report what the browser saw.

    Returns
    -------
    dict
        ``title``, ``h2`` (visible section titles), ``images`` (list of (alt, naturalWidth,
        complete)), ``console_errors``, ``page_errors``, ``external_requests`` (any request that
        is not ``file:`` or ``data:``), ``body_text``.
    """
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="paquet Python playwright absent (pip install playwright) : "
                                      "test navigateur ignoré")
    executable = chromium_path()
    console_errors: list[str] = []
    page_errors: list[str] = []
    external: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})

            def route(r):
                url = r.request.url
                if url.startswith(("file:", "data:")):
                    r.continue_()
                else:
                    external.append(url)
                    r.abort()

            page.route("**/*", route)
            page.on("console", lambda m: console_errors.append(m.text) if m.type == "error"
                    else None)
            page.on("pageerror", lambda e: page_errors.append(str(e)))
            page.goto(html_path.resolve().as_uri(), wait_until="load")
            page.wait_for_load_state("networkidle")
            info = {
                "title": page.title(),
                "h2": [h.inner_text() for h in page.locator("h2").all() if h.is_visible()],
                "images": page.evaluate(
                    "() => Array.from(document.images).map(i => [i.alt, i.naturalWidth, "
                    "i.complete])"),
                "body_text": page.inner_text("body"),
            }
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    info.update(console_errors=console_errors, page_errors=page_errors,
                external_requests=external)
    return info
