"""In a real browser, as a new user would: start, answer (a follow-up too), reload, go back and edit, finish, download."""

from __future__ import annotations

import re

import pytest
import yaml

from elicit.adapters import store
from tests.support.browser import chromium, links_to, require_browser, settle, shot, streamlit_server
from tests.conftest import DATA

pytestmark = pytest.mark.browser
ANSWERS = yaml.safe_load((DATA / "answers_crisis_management.yaml").read_text())


@pytest.fixture
def app(tmp_path):
    require_browser()
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    with streamlit_server(url) as base:
        yield base, url


def click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    settle(page)


def answer_text(page, text: str) -> None:
    page.get_by_label("Your answer", exact=True).fill(text)
    click(page, "Next")


def question_heading(page) -> str:
    return page.locator("[data-testid='stHeading'] h3").first.inner_text()


def test_a_new_user_runs_an_interview_end_to_end(app, tmp_path):
    base, url = app
    with chromium() as page:
        blocked = []
        page.on("console", lambda message: blocked.append(message.text)
                if "Content Security Policy" in message.text else None)
        page.goto(base)
        settle(page)
        page.get_by_role("combobox").first.click()
        page.get_by_role("option", name=re.compile("Crisis management")).click()
        page.get_by_label("The expert's name").fill("Ana Ruiz")
        page.get_by_label("The topic").fill("the first 48 hours of a product recall")
        shot(page, "1-home")
        click(page, "Start interview")
        page.wait_for_url("**/interview?i=*")
        settle(page)
        assert "What is your role when a crisis hits" in question_heading(page)
        shot(page, "2-question")

        answer_text(page, "Head of comms.")  # too thin: the prober asks for more, right under the answer
        page.get_by_text("One more thing").wait_for(timeout=30_000)
        assert page.get_by_text("Head of comms.").is_visible()
        shot(page, "3-follow-up")
        page.get_by_label("Your answer to this follow-up").fill(ANSWERS["role"])
        click(page, "Answer")
        while page.get_by_text("One more thing").count():
            click(page, "Skip this")

        answer_text(page, ANSWERS["priorities"])
        while page.get_by_text("One more thing").count():
            click(page, "Skip this")
        resume_url, heading = page.url, question_heading(page)
        page.reload()  # a refresh keeps everything: the URL carries the interview
        settle(page)
        assert page.url == resume_url and question_heading(page) == heading
        shot(page, "4-after-reload")

        click(page, "Back")
        assert page.get_by_label("Your answer", exact=True).input_value() == ANSWERS["priorities"].strip()
        answer_text(page, ANSWERS["priorities"] + " Cost matters least of all.")
        while page.get_by_text("One more thing").count():
            click(page, "Skip this")

        click(page, "Review the prompt so far")
        shot(page, "5-review")
        click(page, "Next part")  # the review shows one part at a time
        assert page.get_by_text("2 of 10: Goals and priorities").is_visible()
        click(page, "Finish")  # after two answers: saved, with what is still open and the way back to it
        assert page.get_by_role("heading", name="Saved. Thank you!").is_visible()
        assert page.get_by_text(re.compile(r"\d+ questions are still open")).is_visible()
        assert page.get_by_role("button", name="Continue the interview").is_visible()
        page.get_by_text("Download or copy the prompt").click()
        with page.expect_download() as download:
            page.get_by_role("button", name="Download Markdown").click()
        markdown = download.value.path().read_text(encoding="utf-8")
        shot(page, "6-finished")

        page.set_viewport_size({"width": 375, "height": 800})
        settle(page)
        shot(page, "7-review-phone")
        assert blocked == [], "the Content-Security-Policy must not block the app itself"

    assert markdown.startswith("# Crisis management: the first 48 hours of a product recall")
    assert "22 years in the job" in markdown and "Cost matters least of all." in markdown
    assert "## Appendix" in markdown
    with store.session(store.open_database(url)) as db:
        interview = store.list_interviews(db=db)[0]
        history = store.answer_history(db=db, interview_id=interview.id, question_id="priorities")
        assert [r.revision for r in history] == [1, 2]
        follow_ups = store.list_follow_ups(db=db, interview_id=interview.id)
        assert follow_ups[0].question_id == "role" and follow_ups[0].status == "answered"
        assert store.list_prompt_versions(db=db, interview_id=interview.id)[0].markdown == markdown


def test_typed_html_and_markdown_images_never_run_or_fetch(app):
    """A local listener proves no image is fetched from elsewhere; no dialog proves no injected script ran."""
    import http.server
    import threading

    hits: list[str] = []

    class Listener(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    listener = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=listener.serve_forever, daemon=True).start()
    elsewhere = f"http://127.0.0.1:{listener.server_address[1]}"
    base, _url = app
    dialogs: list[str] = []
    try:
        with chromium() as page:
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(base)
            settle(page)
            page.get_by_label("The expert's name").fill(f"<img src={elsewhere}/name onerror=alert(1)>")
            page.get_by_label("The topic").fill(f"![t]({elsewhere}/topic)")
            click(page, "Start interview")
            page.wait_for_url("**/interview?i=*")
            settle(page)
            answer_text(page, f"<script>alert(2)</script><img src={elsewhere}/html onerror=alert(3)> I am a "
                              f"brand lead with 19 years in consumer goods ![leak]({elsewhere}/md?d=secret).")
            while page.get_by_text("One more thing").count():
                click(page, "Skip this")
            click(page, "Review the prompt so far")
            page.wait_for_timeout(1000)
            shot(page, "hostile-review")
            # escaped, not just blocked: no element points elsewhere (the CSP would block it as well)
            planted = page.locator("img, script, iframe").evaluate_all(
                "(elements, elsewhere) => elements.filter(e => (e.src || '').startsWith(elsewhere) || "
                "(e.textContent || '').includes('alert(')).map(e => e.outerHTML.slice(0, 300))", elsewhere)
    finally:
        listener.shutdown()
    assert planted == [], f"typed HTML became elements of the page: {planted}"
    assert hits == [], f"fetched from elsewhere: {hits}"
    assert dialogs == [], f"an injected script ran: {dialogs}"


def test_urls_and_addresses_an_expert_types_are_text_on_every_page(app):
    """An outside expert's URL or address is shown as typed, never as a link the consultant might click."""
    base, _url = app
    typed = ("I lead recalls; the log is at https://evil.example/log, the plan at www.evil.example/plan, "
             "[the checklist](https://evil.example/list) and <https://evil.example/auto>; write to qa@evil.example.")
    with chromium() as page:
        page.goto(base)
        settle(page)
        page.get_by_label("The expert's name").fill("Ana qa@evil.example")
        page.get_by_label("The topic").fill("recalls, see https://evil.example/topic")
        click(page, "Start interview")
        page.wait_for_url("**/interview?i=*")
        settle(page)
        interview_url = page.url
        answer_text(page, typed)
        seen = {"interview": links_to(page, "evil.example")}
        while page.get_by_text("One more thing").count():
            click(page, "Skip this")
        click(page, "Review the prompt so far")
        page.get_by_text("evil.example/log").first.wait_for()
        seen["review"] = links_to(page, "evil.example")
        click(page, "Finish")
        page.get_by_text("Saved as version 1").wait_for()
        token = interview_url.split("?i=")[1]
        for name, address in (("home", base), ("library", f"{base}/library"),
                              ("playbook", f"{base}/playbook?i={token}")):
            page.goto(address)
            settle(page)
            page.get_by_text(re.compile(r"evil\.example")).first.wait_for()
            seen[name] = links_to(page, "evil.example")
        shot(page, "urls-as-text-playbook")
    assert seen == {"interview": [], "review": [], "home": [], "library": [], "playbook": []}, seen
