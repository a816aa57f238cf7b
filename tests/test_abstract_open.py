"""An abstract opened on a list reads like the paper's page (the same measure, about 75 characters a
line) and opens at once: it is fetched while the reader's pointer or focus is on its control. In real
Chromium on the bundled archive, at a laptop's size."""
import pytest

LAPTOP = {"width": 1280, "height": 800}
DAY = "/days/2025-11-18/"
LATENCY = 250  # ms: a round trip to a distant host

# Characters a line of an element's text as laid out: each character's box, a new line where a box sits
# below the line's first; the mean of the full lines (all but the last).
LINE_LENGTH = """(el) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), range = document.createRange();
  const lines = [];
  let count = 0, top = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (!box.width && !box.height) continue;  // collapsed white space
      if (top === null) top = box.top;
      else if (box.top > top + box.height / 2) { lines.push(count); count = 0; top = box.top; }
      count++;
    }
  }
  return lines.reduce((a, b) => a + b, 0) / lines.length;
}"""

# Milliseconds from the click on a summary to its abstract's text on screen, watched frame by frame.
WATCH_OPEN = """(summary) => {
  const text = summary.parentElement.querySelector("p");
  window.dpaOpened = new Promise((resolve) => summary.addEventListener("click", () => {
    const start = performance.now();
    const shown = () => text.checkVisibility() && text.textContent.trim() && !text.textContent.startsWith("Loading");
    const look = () => shown() ? resolve(performance.now() - start) : requestAnimationFrame(look);
    requestAnimationFrame(look);
  }, {once: true, capture: true}));
}"""


def open_abstract(page, card, hover: bool = True) -> float:
    """Click a card's Abstract control (with the pointer, or only the click); the time, in ms, until the
    abstract's text shows."""
    summary = card.locator("summary")
    summary.evaluate(WATCH_OPEN)
    if hover:
        summary.click()
    else:
        summary.evaluate("(s) => s.click()")
    return page.evaluate("window.dpaOpened")


def far_away(page):
    """Serve the page as from a distant host (the local server answers at once) until the CDP session
    returned is detached (the tab goes on to the next test)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions",
             {"offline": False, "latency": LATENCY, "downloadThroughput": -1, "uploadThroughput": -1})
    return cdp


@pytest.mark.parametrize("path", [DAY, "/tags/attention/", "/orgs/apple/", "/top/2025/"])
def test_an_abstract_opened_on_a_list_reads_at_the_paper_pages_measure(bundled, visit, path):
    page, errors = visit(bundled.root / "site", path)
    page.set_viewport_size(LAPTOP)
    card = page.locator("article.dpa-paper").first
    open_abstract(page, card)
    listed = card.locator("details p").evaluate(LINE_LENGTH)
    paper, _ = visit(bundled.root / "site", card.locator("h2 a").evaluate("(a) => new URL(a.href).pathname"))
    paper.set_viewport_size(LAPTOP)
    on_its_page = paper.locator(".dpa-abstract").evaluate(LINE_LENGTH)
    print(f"\nline length: {listed:.0f} characters on {path}, {on_its_page:.0f} on the paper's page")
    assert 60 <= listed <= 80
    assert abs(listed - on_its_page) <= on_its_page / 10
    assert errors == []


def test_an_abstract_is_fetched_while_pointed_at_and_opens_at_once(bundled, visit):
    page, errors = visit(bundled.root / "site", DAY)
    page.set_viewport_size(LAPTOP)
    distant = far_away(page)
    cards = page.locator("article.dpa-paper")
    cold = open_abstract(page, cards.nth(0), hover=False)  # as every abstract opened before it was fetched ahead
    card = cards.nth(1)
    address = card.locator("h2 a").evaluate("(a) => a.href")
    with page.expect_request_finished(lambda r: r.url == address, timeout=5000):
        card.locator("summary").hover()
    warm = open_abstract(page, card)
    distant.detach()
    print(f"\nopened in {cold:.0f} ms unfetched, {warm:.0f} ms fetched ahead (round trip {LATENCY} ms)")
    assert warm < 100 < LATENCY < cold
    assert errors == []


def test_focus_on_an_abstract_control_fetches_it_too(bundled, visit):
    page, errors = visit(bundled.root / "site", DAY)
    card = page.locator("article.dpa-paper").nth(2)
    address = card.locator("h2 a").evaluate("(a) => a.href")
    with page.expect_request_finished(lambda r: r.url == address, timeout=5000):
        card.locator("summary").focus()
    card.locator("summary").press("Enter")
    card.locator("details[data-state='loaded'] p").wait_for()
    assert errors == []
