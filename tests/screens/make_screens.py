"""Screenshots for the README, made from the demo: `make screens`.

Creates a demo instance in a temporary KUA_DATA_DIR (synthetic interviews only), serves it,
and with Playwright driving Debian's chromium takes the phone entry form with its error
summary, the interview list with the vault open, and the dashboard; renders the PDF report
and turns two of its pages into PNG with pdftoppm. Writes docs/screens/*.png.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "docs" / "screens"
KUA = str(Path(sys.executable).with_name("kua"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
INTERVIEWS = 240
REPORT_PAGES = (1, 5)  # the title page and a page with a chart (check after the report changes)
DESKTOP = {"width": 1200, "height": 900}
PHONE = {"width": 360, "height": 740}


def _need(tool: str, package: str) -> None:
    if not shutil.which(tool) and not os.path.exists(tool):
        sys.exit(f"{tool} is missing: apt-get install {package}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _kua(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([KUA, *args], env=env, check=True, capture_output=True, text=True)
    return done.stdout


@contextmanager
def _server(env: dict[str, str], port: int) -> Iterator[str]:
    process = subprocess.Popen([KUA, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=1)  # noqa: S310  # our http://127.0.0.1
                break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit("kua serve did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def _log_in(page: Any, base: str, env: dict[str, str], username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", env["KUA_DEMO_PASSWORD"])
    page.click("button.primary")
    if "/two-factor" in page.url or page.locator("#id_token").count():
        page.fill("#id_token", _kua(env, "demo-code", username).strip())
        page.click("button.primary")
    page.wait_for_url(f"{base}/")


def _phone_form(browser: Any, base: str, env: dict[str, str]) -> None:
    context = browser.new_context(viewport=PHONE, locale="ru-RU", is_mobile=True, has_touch=True)
    page = context.new_page()
    _log_in(page, base, env, "bob")
    page.goto(f"{base}/interviews/new/")
    page.fill("#f-registered_on", "2026-11-02")
    for name in (
        "consent_statistics",
        "consent_anonymous_use",
        "consent_report_to_authorities",
        "consent_recorded",
    ):
        page.check(f'input[name="{name}"][value="yes"]')
    page.check('input[name="consent_public_name"][value="no"]')
    page.check('input[name="sex"][value="female"]')
    page.click("button.primary.big")  # age, citizenship and more are missing: the summary appears
    page.locator("#error-summary").wait_for()
    page.evaluate("window.scrollTo(0, document.getElementById('error-summary').offsetTop - 8)")
    page.screenshot(path=str(OUT / "phone-entry-errors.png"))
    context.close()


def _desktop(browser: Any, base: str, env: dict[str, str]) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(60000)
    _log_in(page, base, env, "alice")
    page.goto(f"{base}/vault/unseal/")
    page.fill("#id_passphrase", env["KUA_PASSPHRASE"])
    page.click("button.primary")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/interviews/")
    page.screenshot(path=str(OUT / "interview-list.png"))
    page.goto(f"{base}/dashboard/")
    page.screenshot(
        path=str(OUT / "dashboard.png"), full_page=True, clip={"x": 0, "y": 0, **DESKTOP, "height": 1600}
    )
    context.close()


def _report_pages(env: dict[str, str], work: Path) -> None:
    pdf = work / "report.pdf"
    _kua(env, "report", "--format", "pdf", "--lang", "ru", "--out", str(pdf))
    for number, page in enumerate(REPORT_PAGES, start=1):
        stem = work / f"page{number}"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(pdf),
                str(stem),
            ],
            check=True,
        )
        shutil.copyfile(stem.with_suffix(".png"), OUT / f"report-page-{number}.png")


def main() -> None:
    _need(CHROMIUM, "chromium")
    _need("pdftoppm", "poppler-utils")
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kua-screens-") as work:
        env = {
            **os.environ,
            "KUA_DATA_DIR": work,
            "KUA_DEMO_PASSWORD": secrets.token_urlsafe(12),
            "KUA_PASSPHRASE": secrets.token_urlsafe(12),
            "KUA_LANGUAGE": "ru",
        }
        env.pop("KUA_SECRET_KEY", None)
        _kua(env, "demo", "--interviews", str(INTERVIEWS))
        with _server(env, _free_port()) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
            )
            _phone_form(browser, base, env)
            _desktop(browser, base, env)
            browser.close()
        _report_pages(env, Path(work))
    for png in sorted(OUT.glob("*.png")):
        print(f"{png.relative_to(REPO)}: {png.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
