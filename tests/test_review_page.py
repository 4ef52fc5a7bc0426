"""The review page at `/`, end to end in a real browser: Debian's chromium driven by Playwright.

Never `playwright install`: the browser is the system's /usr/bin/chromium (`.ci/run` installs it
under CI=true). Without a browser or Playwright the test skips with the reason, except under
CI=true, where it fails. The screenshot goes to $TACTFUL_SCREENSHOT_DIR (default: pytest's tmp dir).
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from test_service_server import Server, free_port, tactful_executable

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]
KEY = "review-page-key-31c7"
GENUINE = (EXAMPLES / "genuine.txt").read_text().strip()
TEMPLATE = (EXAMPLES / "draft.txt").read_text().strip()


def _need(condition: bool, reason: str) -> None:
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: .ci/run must install it)")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "playwright is not installed (it is in the test extra)")
    _need(os.path.exists(CHROMIUM), f"no browser at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("review")
    port = free_port()
    # A generous check deadline: on a loaded machine the default 10 s can pass before a check is scheduled.
    running = Server([tactful_executable(), "serve", "--port", str(port)], port, workdir, TACTFUL_API_KEYS=KEY,
                     TACTFUL_REQUEST_TIMEOUT="60",
                     TACTFUL_FEEDBACK_DB=str(workdir / "feedback.db"), TACTFUL_MODELS_ROOT=str(workdir / "models"))
    yield running
    running.stop()


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(viewport={"width": 1100, "height": 1400})
    opened = context.new_page()
    requested: list[str] = []
    opened.on("request", lambda request: requested.append(request.url))
    opened.requested = requested  # type: ignore[attr-defined]
    opened.set_default_timeout(30_000)
    yield opened
    context.close()


def wait_result(page) -> None:
    """The result, or a failure that says what the page said instead (a 503/504 under load, say)."""
    # Selector waits only: the page's Content-Security-Policy forbids the eval that wait_for_function uses.
    page.wait_for_selector("#result:not([hidden]), #status.error-text", timeout=90_000)
    assert page.is_visible("#result"), f"the page said: {page.text_content('#status')}"


def check(page, draft: str) -> None:
    page.fill("#draft", draft)
    page.click("#check")


def test_a_template_draft_is_highlighted_with_its_warnings_and_a_screenshot(page, server, tmp_path):
    page.goto(server.url + "/")
    assert page.title() == "tactful: review a draft"
    check(page, TEMPLATE)
    page.wait_for_selector("#status.error-text")
    assert "needs an API key" in page.text_content("#status")
    assert page.evaluate("document.activeElement.id") == "api-key"

    page.fill("#api-key", KEY)
    page.click("#check")
    wait_result(page)
    assert page.text_content("#verdict") == "BLOCK"
    marks = page.eval_on_selector_all("#marked mark", "nodes => nodes.map(n => n.firstChild.textContent)")
    assert "{{first_name}}" in marks and "Thanks for following" in marks
    # the draft (with its emoji) is shown whole, each span where the service put it
    assert page.eval_on_selector("#marked", "n => n.innerText").replace("\n", " ").startswith("Hi {{first_name}}")
    warnings = page.text_content("#warnings")
    assert "boilerplate.unfilled-merge-field" in warnings and "Unfilled merge field" in warnings
    assert "Fill in the field" in warnings  # the suggestion
    assert page.evaluate("document.activeElement.id") == "result-heading"
    assert page.evaluate("sessionStorage.getItem('tactful.apiKey')") == KEY
    assert page.evaluate("localStorage.length") == 0

    folder = Path(os.environ.get("TACTFUL_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "review-page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")

    # nothing was fetched from anywhere but this server
    assert page.requested and all(url.startswith(server.url) for url in page.requested), page.requested


def test_a_genuine_draft_passes_and_the_key_is_remembered_for_the_tab(page, server):
    page.goto(server.url + "/")
    page.fill("#api-key", KEY)
    check(page, GENUINE)
    wait_result(page)
    assert page.text_content("#verdict") == "PASS"
    assert "No warnings" in page.text_content("#warnings")
    assert page.eval_on_selector_all("#marked mark", "nodes => nodes.length") == 0
    page.reload()
    assert page.input_value("#api-key") == KEY


def test_the_keyboard_alone_checks_a_draft_with_its_thread(page, server):
    page.goto(server.url + "/")
    page.fill("#api-key", KEY)
    page.fill("#thread", "them: Please stop messaging me about your product.")
    page.focus("#draft")
    page.keyboard.type("Just circling back on our platform: do you have 10 minutes this week?")
    page.keyboard.press("Control+Enter")
    wait_result(page)
    assert page.text_content("#verdict") in ("REVIEW", "BLOCK")
    assert "out_of_step" in page.text_content("#summary")
    labels = page.eval_on_selector_all("input, textarea, select",
                                       "nodes => nodes.filter(n => !n.labels || !n.labels.length).map(n => n.id)")
    assert labels == []  # every control has a label


def test_mark_wrong_posts_to_feedback(page, server):
    page.goto(server.url + "/")
    page.fill("#api-key", KEY)
    check(page, TEMPLATE)
    wait_result(page)
    with page.expect_response("**/v1/feedback", timeout=90_000) as answer:
        page.click("#warnings li:first-child button.wrong")
    assert answer.value.status == 201
    page.wait_for_selector("#feedback-status:has-text('Thanks'), #feedback-status.error-text", timeout=90_000)
    assert "reported as wrong" in page.text_content("#feedback-status")
    sent = json.loads(answer.value.request.post_data)
    assert sent["verdict"] == "false_positive" and sent["rule"] and sent["request"]["draft"] == TEMPLATE


def test_feedback_buttons_say_so_when_the_server_has_no_feedback_endpoint(page, server):
    page.route("**/v1/feedback", lambda route: route.fulfill(
        status=404, content_type="application/json", body='{"error": "no endpoint POST /v1/feedback; see /docs"}'))
    page.goto(server.url + "/")
    page.fill("#api-key", KEY)
    check(page, GENUINE)
    wait_result(page)
    page.select_option("#miss-category", "hard_sell")
    page.click("#miss-form button")
    page.wait_for_selector("#feedback-status.error-text")
    assert "does not take feedback" in page.text_content("#feedback-status")


def test_a_json_request_can_be_loaded(page, server, tmp_path):
    request = {"draft": "Just circling back on our platform!", "channel": "reply", "recipient": {"name": "Sam"},
               "history": [{"from": "them", "kind": "connect"}, {"from": "them", "text": "Not interested, thanks."}]}
    path = tmp_path / "request.json"
    path.write_text(json.dumps(request))
    page.goto(server.url + "/")
    page.set_input_files("#load", str(path))
    page.wait_for_selector("#status:has-text('Loaded'), #status.error-text")
    assert page.input_value("#channel") == "reply" and page.input_value("#recipient") == "Sam"
    assert page.input_value("#thread") == "them [connect]:\nthem: Not interested, thanks."


def test_swagger_docs_load_from_this_server_only(page, server):
    page.goto(server.url + "/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "tactful" in page.text_content(".swagger-ui .info .title")
    assert page.eval_on_selector_all(".opblock", "nodes => nodes.length") >= 5
    assert all(url.startswith(server.url) for url in page.requested), page.requested
