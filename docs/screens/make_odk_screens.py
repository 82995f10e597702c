"""Screenshots of Kua's Collect pages for docs/odk.md (Playwright driving Debian's chromium).

A throwaway demo instance is served by `kua serve`; three interviews are sent the way Collect
sends them (one fine, one of a minor, one changed after sealing); alice (coordinator) makes
bob's link and unseals. Run from the repository: .venv/bin/python docs/screens/make_odk_screens.py
Writes docs/screens/odk-*.png. Synthetic data only; nothing from a real instance.
"""

from __future__ import annotations

import datetime
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.odk.collect import Collect, Submission  # noqa: E402

OUT = ROOT / "docs" / "screens"
PASSWORD = "screens-demo-password"
PASSPHRASE = "screens demo passphrase"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUA_")}
    env.update(
        KUA_DATA_DIR=str(data_dir),
        KUA_DEMO_PASSWORD=PASSWORD,
        KUA_PASSPHRASE=PASSPHRASE,
        KUA_VAULT_KDF_OPSLIMIT="1",
        KUA_VAULT_KDF_MEMLIMIT=str(8 * 1024 * 1024),
        KUA_LANGUAGE="en",
    )
    return env


def kua(data_dir: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "kua.cli", *args], cwd=ROOT, env=_env(data_dir), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"kua {args[0]} failed: {result.stderr}")
    return result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(port: int) -> None:
    for _ in range(200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit("kua serve did not start")


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310  (our own local server)
        return bytes(response.read())


def _post(url: str, submission: Submission) -> int:
    boundary = uuid.uuid4().hex
    body = b""
    files = {"xml_submission_file": ("submission.xml", submission.manifest), **{
        name: (name, data) for name, data in submission.parts.items()
    }}  # fmt: skip
    for field, (filename, data) in files.items():
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode() + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(  # noqa: S310
        url, data=body, method="POST", headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return int(response.status)


def _send_three(server_url: str) -> None:
    from lxml import etree

    entry = etree.fromstring(_get(server_url + "formList"))
    download = next(e.text for e in entry.iter("{http://openrosa.org/xforms/xformsList}downloadUrl"))
    phone = Collect(None, server_url)  # type: ignore[arg-type]
    phone.xform = _get(str(download))
    today = datetime.date.today().isoformat()
    adult = {"registered_on": today, "consent_statistics": "yes", "consent_anonymous_use": "yes",
             "consent_public_name": "no", "consent_report_to_authorities": "no", "consent_recorded": "yes",
             "sex": "female", "age": "29", "citizenship": "KZ", "rights_violated_6m": "no",
             "police_knows_where_to_turn": "yes", "police_complained": "no",
             "medical_knows_where_to_turn": "yes", "medical_complained": "no"}  # fmt: skip
    _post(server_url + "submission", phone.submission(adult))
    _post(server_url + "submission", phone.submission({**adult, "age": "16"}))
    changed = phone.submission(adult)
    data = bytearray(changed.parts["submission.xml.enc"])
    data[20] ^= 1
    changed.parts["submission.xml.enc"] = bytes(data)
    _post(server_url + "submission", changed)


def main() -> None:
    from playwright.sync_api import sync_playwright

    data_dir = Path(tempfile.mkdtemp(prefix="kua-screens-"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    kua(data_dir, "demo", "--interviews", "20")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "kua.cli", "serve", "--port", str(port)], cwd=ROOT, env=_env(data_dir),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait(port)
        _send_three(kua(data_dir, "odk", "link", "dana", "--base-url", base).strip())
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1000, "height": 760}, locale="en-GB")
            page.goto(f"{base}/accounts/login/")
            page.fill("#id_username", "alice")
            page.fill("#id_password", PASSWORD)
            page.click("button.primary")
            page.fill("#id_token", kua(data_dir, "demo-code", "alice").strip())
            page.click("button.primary")
            page.goto(f"{base}/collect/")
            page.screenshot(path=str(OUT / "odk-people.png"), full_page=True)
            page.locator("tr", has_text="bob").locator("button", has_text="Make a link").click()
            page.wait_for_selector("#odk-url")
            page.screenshot(path=str(OUT / "odk-link.png"), full_page=True)
            page.goto(f"{base}/collect/submissions/")
            page.screenshot(path=str(OUT / "odk-submissions-sealed.png"), full_page=True)
            page.goto(f"{base}/vault/unseal/?next=/collect/submissions/")
            page.fill("#id_passphrase", PASSPHRASE)
            page.click("button.primary")
            page.goto(f"{base}/collect/submissions/")
            page.screenshot(path=str(OUT / "odk-submissions-unsealed.png"), full_page=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)
    print("wrote", ", ".join(sorted(p.name for p in OUT.glob("odk-*.png"))))


if __name__ == "__main__":
    main()
