"""Screenshots of the main pages into docs/screenshots/ (1366x768, a laptop screen).

    PYTHONPATH=src .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

A throw-away SQLite record in a temporary folder with a SYNTHETIC practice (no real
person), served by uvicorn on 127.0.0.1 and driven by Debian's Chromium (headless,
/usr/bin/chromium, never `playwright install`).
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import uvicorn

from notewell.services import auth, clients, notes, plans, signing, users
from notewell.services.errors import SigningBlocked
from notewell.services.setup import init_store
from notewell.store.config import StoreSettings
from notewell.store.database import Database
from notewell.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "synthetic-demo-password"
SHORTHAND = (
    "SYNTHETIC. 11/20/2026 45 min indiv, in person.\n"
    "c/o low mood, avoiding work email since the reorganisation. CR for catastrophic "
    "thoughts re return to work. Denies SI/HI. Plan: weekly; daily thought record."
)
SIGNED_NOTE = (
    "Client: C-001\nDate of service: 2026-11-13\nService type: individual psychotherapy\n"
    "Duration: 45 min\nModality: in person\n\nDATA\nClient reported low mood and avoidance "
    "of work email. Used cognitive restructuring to identify and challenge catastrophic "
    "thoughts about returning to work.\n\nASSESSMENT\nClient identified two balanced "
    "thoughts and rated anxiety lower. Denied suicidal and homicidal ideation.\n\nPLAN\n"
    "Weekly session; practise a thought record daily.\n"
)
PLAN = """
problems: [SYNTHETIC low mood]
goals:
  - text: Return to work with manageable anxiety
    keywords: [work, anxiety]
  - text: Re-engage in two valued activities a week
    keywords: [activities]
review_date: 2027-02-01
"""


def practice(folder: Path) -> tuple[Database, int]:
    """A SYNTHETIC practice: an admin, clinician dana, client C-001 with a plan, consent
    and one signed note; the signed note's id."""
    settings = StoreSettings(
        f"sqlite:///{folder / 'record.db'}",
        folder / "psychotherapy.key",
        None,
        None,
        audit_key_file=folder / "audit.key",
    )
    db = Database(settings)
    init_store(db)
    users.bootstrap_admin(db, "root", "Synthetic Admin", "screenshots", PASSWORD)
    admin = auth.sign_in(db, "root", PASSWORD, origin="screenshots").context
    code = users.add_user(admin, "dana", "Dana Synthetic", "clinician").enrolment_code
    assert code
    auth.enrol(db, "dana", code, PASSWORD, origin="screenshots")
    dana = auth.sign_in(db, "dana", PASSWORD, origin="screenshots").context
    clients.add_client(dana, "C-001", "Synthetic Client One")
    clients.record_consent(dana, "C-001", True, date(2026, 11, 1))
    plans.set_plan(dana, "C-001", plans.parse_plan_yaml(PLAN))
    signed = notes.create_note(dana, "C-001", SIGNED_NOTE, "dap")
    try:
        signing.sign_note(dana, signed.note_id)
    except SigningBlocked as blocked:
        signing.sign_note(
            dana, signed.note_id, {f.rule: "SYNTHETIC demo" for f in blocked.findings}
        )
    return db, signed.note_id


def serve(db: Database) -> tuple[str, uvicorn.Server, threading.Thread]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(db), log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server, thread


def shrink(png: Path) -> None:
    """128 colours are plenty for a page of text: about a third of the size. Skipped
    when Pillow is not installed (the screenshots are just bigger)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(png, optimize=True)


def shoot(url: str, db: Database, signed_id: int, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        page = browser.new_page(base_url=url, viewport={"width": 1366, "height": 768})
        page.set_default_timeout(60_000)
        page.goto("/login")
        page.screenshot(path=out / "login.png")
        page.fill('input[name="username"]', "dana")
        page.fill('input[name="password"]', PASSWORD)
        page.click('button[type="submit"]')
        page.wait_for_url("**/")
        page.goto("/clients/C-001/notes/new")
        page.fill("#session-text", SHORTHAND)
        page.click("#draft-button")
        page.wait_for_selector('textarea[data-name="PLAN"]')
        page.locator('textarea[data-name="DATA"]').click(position={"x": 120, "y": 8})
        page.wait_for_selector(".source-hl")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=out / "editor.png")
        page.goto("/")
        page.screenshot(path=out / "today.png")
        page.goto("/clients/C-001")
        page.screenshot(path=out / "client.png")
        page.goto(f"/notes/{signed_id}")
        page.screenshot(path=out / "signed-note.png")
        # Two tabs: another one saves first; this one's autosave meets a conflict.
        dana = auth.sign_in(db, "dana", PASSWORD, origin="screenshots").context
        draft = notes.create_note(dana, "C-001", SIGNED_NOTE.replace("13", "27"), "dap")
        page.goto(f"/notes/{draft.note_id}")
        notes.save_note(dana, draft.note_id, draft.text.replace("Weekly", "Fortnightly"), 1)
        page.fill('textarea[data-name="PLAN"]', "Weekly session; SYNTHETIC typed in this tab.")
        page.wait_for_selector(".conflict")
        page.screenshot(path=out / "conflict.png")
        browser.close()
    for png in out.glob("*.png"):
        shrink(png)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    out = parser.parse_args().out
    with tempfile.TemporaryDirectory() as folder:
        db, signed_id = practice(Path(folder))
        url, server, thread = serve(db)
        try:
            shoot(url, db, signed_id, out)
        finally:
            server.should_exit = True
            thread.join(10)
            db.close()
    print(f"screenshots in {out}/")


if __name__ == "__main__":
    main()
