"""Drive the rendered book in headless Chromium, as a reader would (marker `book`).

Needs `_build/html` (`make html`) and Debian's `chromium` and `chromium-driver` packages
(`apt-get install chromium chromium-driver`; `.ci/run` installs them). Without them the
tests are skipped with that message.
"""

import functools
import http.server
import shutil
import sys
import threading
import urllib.parse
import urllib.request

import pytest
from bookkit import book

from shared.repro.colab import colab_url

pytestmark = pytest.mark.book
HTML = book.BUILD / "html"
SCREENS = book.BUILD / "screens"
KEYS = book.chapter_keys()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no access log in the test output
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # the browser may drop a connection mid-transfer (navigation, cancelled
        # prefetch)
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def server():
    if not (HTML / "index.html").exists():
        pytest.fail("_build/html is missing: run `make html` first")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and DRIVER):
        pytest.skip(
            "headless Chromium not found: install it with `apt-get install chromium "
            "chromium-driver`"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _open(browser, url):
    browser.get(url)
    browser.execute_script("return document.readyState")  # wait for load
    return browser


def _console_errors(browser):
    errors = [
        e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"
    ]
    if errors:  # keep them for the maintainer: pytest truncates long assertion messages
        SCREENS.mkdir(parents=True, exist_ok=True)
        with open(SCREENS / "console-errors.txt", "a", encoding="utf-8") as fh:
            fh.write(f"{browser.current_url}\n" + "\n".join(errors) + "\n")
    return errors


def _wait_for_math(browser, timeout=20):
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, timeout).until(
        lambda d: d.execute_script(
            "return !!(window.MathJax && MathJax.startup && MathJax.startup.promise) "
            "&& "
            "document.querySelectorAll('mjx-container').length > 0"
        )
    )


def test_landing_page_and_dashboard(server, browser):
    SCREENS.mkdir(parents=True, exist_ok=True)
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, server + "/index.html")  # a redirect page to the introduction
    WebDriverWait(browser, 20).until(
        lambda d: d.current_url.endswith("book/intro.html")
    )
    WebDriverWait(browser, 20).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
    assert "Executable reproductions" in browser.title
    browser.save_screenshot(str(SCREENS / "landing.png"))
    assert not _console_errors(browser)
    _open(browser, server + "/book/dashboard.html")
    text = browser.find_element("tag name", "main").text
    missing = [k for k in KEYS if k not in text]
    assert not missing, f"dashboard does not list {missing}"
    browser.save_screenshot(str(SCREENS / "dashboard.png"))
    assert not _console_errors(browser)


@pytest.mark.parametrize("key", KEYS)
def test_chapter_page(server, browser, key):
    _open(browser, f"{server}/notebooks/{key}.html")
    errors = _console_errors(browser)
    assert not errors, f"{key}: console errors: {errors}"
    images = browser.execute_script(
        "return Array.from(document.querySelectorAll('main img')).filter(i => "
        "i.complete && i.naturalWidth > 0).length"
    )
    assert images >= 1, f"{key}: no rendered figure"
    figures = browser.execute_script(
        "return document.querySelectorAll('main figure img, main .cell_output "
        "img').length"
    )
    assert figures >= 1, f"{key}: no figure in the cell outputs"
    if (
        browser.execute_script(
            "return document.querySelectorAll('main .math, main span.math').length"
        )
        > 0
    ):
        _wait_for_math(browser)
    links = [
        a.get_attribute("href")
        for a in browser.find_elements(
            "css selector", "a[href*='colab.research.google.com']"
        )
    ]
    assert colab_url(key) in links, (
        f"{key}: Colab button points to {links}, expected {colab_url(key)}"
    )
    _check_reader_view(browser, key)
    if key == KEYS[0]:
        browser.set_window_size(1280, 2400)
        browser.save_screenshot(str(SCREENS / f"chapter-{key}.png"))
        browser.set_window_size(1280, 900)


#: JavaScript that describes each code cell of a page: is its input hidden behind a
#: toggle, does its output hold a figure, does its input import, and how many of its
#: code lines overflow their box once every toggle is open.
_CELLS_JS = """
const cells = Array.from(document.querySelectorAll('main div.cell'));
const text = c => (c.querySelector('.cell_input pre') || {}).textContent || '';
const out = cells.map(c => ({
  hidden: c.classList.contains('tag_hide-input'),
  figure: !!c.querySelector('.cell_output img'),
  imports: (text(c).match(/^(from \\S+ )?import /gm) || []).length,
}));
document.querySelectorAll('main details').forEach(d => d.open = true);
cells.forEach((c, i) => {
  const pres = Array.from(c.querySelectorAll('.cell_input pre'));
  out[i].overflow = pres.filter(p => p.scrollWidth > p.clientWidth + 1).length;
});
return out;
"""


def _check_reader_view(browser, key):
    """What a newcomer sees: no Colab plumbing, imports and plotting code folded away
    behind toggles, and no code line cut off at the right edge."""
    text = browser.find_element("tag name", "main").text
    assert "Colab set-up" not in text and "IN_COLAB" not in text, (
        f"{key}: the Colab cell shows"
    )
    cells = browser.execute_script(_CELLS_JS)
    assert cells, f"{key}: no code cells found"
    figures = [i for i, c in enumerate(cells) if c["figure"]]
    shown = [i for i in figures if not cells[i]["hidden"]]
    assert figures and not shown, (
        f"{key}: plotting code of cells {shown} is not behind a toggle"
    )
    # the imports cell is folded away; a visible cell may import the one or two names it
    # shows the reader (the start() call and the paper's settings)
    shown = [i for i, c in enumerate(cells) if c["imports"] >= 3 and not c["hidden"]]
    assert not shown, f"{key}: import cells {shown} are not behind a toggle"
    assert any(c["imports"] and c["hidden"] for c in cells), f"{key}: no hidden imports"
    cut = [i for i, c in enumerate(cells) if c["overflow"]]
    assert not cut, f"{key}: code lines cut off at the right edge in cells {cut}"


def test_internal_links_resolve(server):
    """Every internal link of every page returns 200 (fragments are ignored)."""
    broken = []
    for page in sorted(HTML.rglob("*.html")):
        rel = page.relative_to(HTML).as_posix()
        if rel.startswith(("_static", "_sources", "genindex", "search")):
            continue
        import re

        for href in re.findall(
            r'href="([^"#]+)(?:#[^"]*)?"', page.read_text(encoding="utf-8")
        ):
            if href.startswith(("http:", "https:", "mailto:", "javascript:", "data:")):
                continue
            target = urllib.parse.urljoin(f"{server}/{rel}", href)
            try:
                with urllib.request.urlopen(
                    target, timeout=10
                ) as response:  # loopback only
                    ok = response.status == 200
            except Exception:
                ok = False
            if not ok:
                broken.append(f"{rel} -> {href}")
    assert not broken, "broken internal links:\n" + "\n".join(sorted(set(broken))[:50])
