"""Browser tests of the web console: Debian's headless Chromium driven by chromedriver through
Python selenium (its own virtualenv, made by scripts/test.sh), against gateway A (CQ_URL) and its
Redis. Nothing is downloaded: the browser and the driver are the system's.

Environment: CQ_URL (gateway A), CQ_CHROMIUM (default /usr/bin/chromium), CQ_CHROMEDRIVER
(default /usr/bin/chromedriver), CQ_CONSOLE_SHOTS (folder for screenshots; default
.build/console-shots).
"""

import os
import shutil
import uuid

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="session")
def base_url():
    url = os.environ.get("CQ_URL", "").rstrip("/")
    if not url:
        pytest.fail("CQ_URL is not set; scripts/test.sh sets it", pytrace=False)
    return url


@pytest.fixture(scope="session")
def shots():
    folder = os.environ.get("CQ_CONSOLE_SHOTS") or os.path.join(ROOT, ".build", "console-shots")
    os.makedirs(folder, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser():
    chromium = os.environ.get("CQ_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    driver_path = os.environ.get("CQ_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
    for path in (chromium, driver_path):
        if not os.path.exists(path):
            pytest.fail("%s not found: apt-get install chromium chromium-driver" % path, pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1366,900", "--disable-extensions", "--no-first-run", "--lang=en-US"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture
def project(base_url):
    """A fresh project id; its queues are deleted afterwards."""
    name = "console-" + uuid.uuid4().hex[:10]
    yield name
    headers = {"X-Project-Id": name}
    r = requests.get(base_url + "/v1/queues?limit=1000", headers=headers)
    if r.status_code == 200:
        for q in r.json()["queues"]:
            requests.delete(base_url + "/v1/queues/" + q["name"], headers=headers)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.call_failed = report.failed


@pytest.fixture
def page(request, browser, base_url, shots):
    """The browser with a fresh session; on failure, a screenshot and the page's text."""
    browser.get(base_url + "/console/nope-start.txt")  # same origin, so storage can be cleared
    browser.execute_script("window.sessionStorage.clear(); window.localStorage.clear();")
    yield browser
    if getattr(request.node, "call_failed", False):
        path = os.path.join(shots, "FAILED-%s.png" % request.node.name)
        browser.save_screenshot(path)
        print("\nscreenshot of the failure: %s\npage text:\n%s" % (path, browser.find_element("tag name", "body").text))
    severe = [e for e in browser.get_log("browser")
              if e["level"] == "SEVERE" and "Failed to load resource" not in e["message"]]
    assert not severe, "JavaScript errors in the console: %s" % severe
