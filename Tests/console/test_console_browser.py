"""The web console in a real headless Chromium against a live gateway and Redis: choose a
project, create a queue, post a message and see it, claim it and delete it, release a claim,
watch the stats and the chart change, edit metadata, see API errors as the API words them,
delete a queue through the confirmation dialog, and do it with the keyboard alone.

What the page shows is checked against the API itself (requests to the same gateway).
"""

import json
import os
import uuid

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

WAIT = 10


def wait(driver, timeout=WAIT):
    return WebDriverWait(driver, timeout, poll_frequency=0.05)


def text_of(driver, css):
    return driver.find_element(By.CSS_SELECTOR, css).text


def wait_text(driver, css, expected, timeout=WAIT):
    """Waits until the element's text equals `expected` (or contains it, for a str in a tuple)."""
    def check(d):
        try:
            return d.find_element(By.CSS_SELECTOR, css).text == expected
        except Exception:
            return False
    try:
        wait(driver, timeout).until(check)
    except Exception:
        raise AssertionError("%s: expected %r, page shows %r" % (css, expected, _safe_text(driver, css)))


def _safe_text(driver, css):
    try:
        return driver.find_element(By.CSS_SELECTOR, css).text
    except Exception as e:
        return "<%s>" % e.__class__.__name__


def click(driver, css):
    el = wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, css)))
    el.click()
    return el


def fill(driver, css, value):
    el = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))
    el.clear()
    el.send_keys(value)
    return el


def error_texts(driver):
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#errors .error")]


def wait_error(driver, *fragments):
    def check(d):
        return any(all(f in t for f in fragments) for t in error_texts(d))
    try:
        wait(driver).until(check)
    except Exception:
        raise AssertionError("no error showing %r; errors on the page: %r" % (fragments, error_texts(driver)))


def api(base_url, project):
    s = requests.Session()
    s.headers.update({"X-Project-Id": project, "Client-ID": str(uuid.uuid4())})
    s.base = base_url + "/v1/queues/"
    return s


def open_console(driver, base_url, project):
    driver.get(base_url + "/console?project=" + project)
    wait(driver).until(EC.visibility_of_element_located((By.ID, "create-queue-form")))
    assert text_of(driver, "#project-name") == project


def test_picker_then_create_post_claim_delete_with_live_stats(page, base_url, project, shots):
    driver = page
    driver.get(base_url + "/console")
    assert driver.current_url.endswith("/console/")
    # The project picker first; the chosen project goes into the URL for links.
    fill(driver, "#project-input", project)
    click(driver, "#open-project")
    wait(driver).until(EC.visibility_of_element_located((By.ID, "create-queue-form")))
    assert "project=" + project in driver.current_url
    wait_text(driver, "#no-queues", "No queues yet: create one above.")

    fill(driver, "#new-queue-name", "jobs")
    click(driver, "#create-queue")
    row = 'tr[data-queue="jobs"]'
    wait_text(driver, row + " .total", "0")
    assert "Queue jobs created." in text_of(driver, "#status")
    http = api(base_url, project)
    assert http.get(http.base + "jobs").status_code == 204

    # The queue page: post a message and see it in the message browser.
    click(driver, row + " a")
    wait(driver).until(EC.visibility_of_element_located((By.ID, "post-form")))
    assert driver.current_url.endswith("#/queues/jobs")
    marker = "hello-" + uuid.uuid4().hex[:6]
    body = driver.find_element(By.ID, "post-body")
    body.clear()
    body.send_keys(json.dumps({"greeting": marker, "n": 1}))
    click(driver, "#post-button")
    wait(driver).until(lambda d: marker in _safe_text(d, "#message-rows"))
    wait_text(driver, "#stat-total", "1")
    wait_text(driver, "#stat-free", "1")
    wait_text(driver, "#stat-claimed", "0")
    ids = [r.get_attribute("data-id") for r in driver.find_elements(By.CSS_SELECTOR, "#message-rows tr")]
    assert len(ids) == 1
    listed = http.get(http.base + "jobs/messages/" + ids[0])
    assert listed.status_code == 200 and listed.json()["body"] == {"greeting": marker, "n": 1}

    # Claim it: the claim shows the message, the stats move to claimed, the browser (without
    # include_claimed) no longer lists it.
    fill(driver, "#claim-limit", "3")
    click(driver, "#claim-button")
    card = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#claims .claim")))
    claim_id = card.get_attribute("data-claim")
    assert [r.get_attribute("data-id") for r in card.find_elements(By.CSS_SELECTOR, "tbody tr")] == ids
    wait_text(driver, "#stat-claimed", "1")
    wait_text(driver, "#stat-free", "0")
    wait_text(driver, "#no-messages", "No messages to show (see the switches above).")
    claim = http.get(http.base + "jobs/claims/" + claim_id)
    assert claim.status_code == 200 and claim.json()["messages"][0]["href"].split("?")[0].endswith(ids[0])

    # With include_claimed the browser lists it again; deleting it there without the claim id is
    # refused by the API (403) and the page shows the API's own title and description.
    click(driver, "#browse-claimed")
    wait(driver).until(lambda d: marker in _safe_text(d, "#message-rows"))
    click(driver, '#message-rows tr[data-id="%s"] button' % ids[0])
    wait_error(driver, "403 Unable to delete", "This message is claimed; it cannot be deleted without a valid claim ID.",
               "DELETE /v1/queues/jobs/messages/" + ids[0])
    assert http.get(http.base + "jobs/messages/" + ids[0]).status_code == 200
    driver.save_screenshot(os.path.join(shots, "console-claim.png"))

    # Delete it with the claim: stats go back to zero and the API agrees.
    click(driver, '#claims .claim[data-claim="%s"] button[data-action="delete-all"]' % claim_id)
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#claims .claim"))
    wait_text(driver, "#stat-total", "0")
    wait_text(driver, "#stat-claimed", "0")
    assert http.get(http.base + "jobs/messages/" + ids[0]).status_code == 404
    stats = http.get(http.base + "jobs/stats").json()["messages"]
    assert (stats["free"], stats["claimed"], stats["total"]) == (0, 0, 0)

    # The chart drew the samples it took (1 message, then claimed, then none).
    chart = driver.find_element(By.ID, "chart")
    assert int(chart.get_attribute("data-samples")) >= 3
    assert chart.get_attribute("data-last-total") == "0"
    assert driver.find_elements(By.CSS_SELECTOR, "#chart polyline.series-claimed")

    # Back on the list, the row shows the same counts.
    click(driver, ".crumbs a")
    wait_text(driver, row + " .total", "0")
    wait_text(driver, row + " .oldest", "–")


def test_release_and_paging_and_live_refresh(page, base_url, project, shots):
    driver = page
    http = api(base_url, project)
    assert http.put(http.base + "work").status_code == 201
    # 23 messages posted by another client: the browser pages 10 + 10 + 3 with the marker.
    r = http.post(http.base + "work/messages", json=[{"ttl": 600, "body": {"i": i}} for i in range(23)])
    assert r.status_code == 201
    open_console(driver, base_url, project)
    wait_text(driver, 'tr[data-queue="work"] .total', "23")
    wait_text(driver, 'tr[data-queue="work"] .free', "23")
    # Live stats: the list follows a change made elsewhere without any click.
    http.post(http.base + "work/messages", json=[{"ttl": 600, "body": {"i": 23}}])
    wait_text(driver, 'tr[data-queue="work"] .total', "24", timeout=12)
    assert driver.find_element(By.ID, "updated").text.startswith("Updated")

    click(driver, 'tr[data-queue="work"] a')
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#message-rows tr")) == 10)

    def bodies(d):  # read in one script call: the table may be redrawn between two calls
        texts = d.execute_script(
            "return [...document.querySelectorAll('#message-rows td.body code')].map(e => e.textContent)")
        return [json.loads(t) for t in texts]
    assert [b["i"] for b in bodies(driver)] == list(range(10))
    click(driver, "#browse-next")
    wait(driver).until(lambda d: [b["i"] for b in bodies(d)] == list(range(10, 20)))
    assert "after marker" in text_of(driver, ".pager .page-label")
    click(driver, "#browse-next")
    wait(driver).until(lambda d: [b["i"] for b in bodies(d)] == list(range(20, 24)))
    assert not driver.find_element(By.ID, "browse-next").is_enabled()
    click(driver, "#browse-prev")
    wait(driver).until(lambda d: [b["i"] for b in bodies(d)] == list(range(10, 20)))
    # One posted from the console itself: listed with echo (the default), hidden without it.
    click(driver, "#post-button")
    wait_text(driver, "#stat-total", "25")
    Select(driver.find_element(By.ID, "browse-limit")).select_by_value("100")
    wait(driver).until(lambda d: len(bodies(d)) == 25)
    assert bodies(driver)[-1] == {"hello": "world"}
    click(driver, "#browse-echo")
    wait(driver).until(lambda d: len(bodies(d)) == 24)
    assert [b["i"] for b in bodies(driver)] == list(range(24))

    # Claim 5 and release them: claimed 5 then back to free.
    fill(driver, "#claim-limit", "5")
    click(driver, "#claim-button")
    card = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#claims .claim")))
    assert len(card.find_elements(By.CSS_SELECTOR, "tbody tr")) == 5
    wait_text(driver, "#stat-claimed", "5")
    wait_text(driver, "#stat-free", "20")
    driver.save_screenshot(os.path.join(shots, "console-queue.png"))
    click(driver, '#claims .claim button[data-action="release"]')
    wait_text(driver, "#stat-claimed", "0")
    wait_text(driver, "#stat-free", "25")
    assert http.get(http.base + "work/stats").json()["messages"]["claimed"] == 0


def test_metadata_editor_validates_and_saves(page, base_url, project):
    driver = page
    http = api(base_url, project)
    http.put(http.base + "meta")
    http.put(http.base + "meta/metadata", json={"owner": "ops"})
    open_console(driver, base_url, project)
    driver.get(base_url + "/console/?project=%s#/queues/meta" % project)
    wait(driver).until(lambda d: '"owner": "ops"' in d.find_element(By.ID, "metadata-text").get_attribute("value"))
    editor = driver.find_element(By.ID, "metadata-text")
    editor.clear()
    editor.send_keys('{"owner": ')
    wait(driver).until(lambda d: d.find_element(By.ID, "metadata-error").text.startswith("Not valid JSON"))
    assert editor.get_attribute("aria-invalid") == "true"
    click(driver, "#metadata-save")
    assert http.get(http.base + "meta/metadata").json() == {"owner": "ops"}  # nothing sent
    editor.clear()
    editor.send_keys("[1, 2]")
    wait_text(driver, "#metadata-error", "Metadata must be a JSON object ({…}).")
    # A reserved key passes the page's check; the API refuses it and the page says why.
    editor.clear()
    editor.send_keys('{"_ttl": 5}')
    wait_text(driver, "#metadata-error", "")
    click(driver, "#metadata-save")
    wait_error(driver, "400 Invalid", "PUT /v1/queues/meta/metadata")
    editor.clear()
    editor.send_keys('{"owner": "media", "tier": 2}')
    click(driver, "#metadata-save")
    wait_text(driver, "#status", "Metadata saved.")
    assert http.get(http.base + "meta/metadata").json() == {"owner": "media", "tier": 2}


def test_api_errors_are_shown_not_a_blank_page(page, base_url, project):
    driver = page
    # A project id over 256 characters: the picker shows the API's 400 and stays.
    driver.get(base_url + "/console/")
    fill(driver, "#project-input", "p" * 300)
    click(driver, "#open-project")
    wait_error(driver, "400 Invalid queue identification", "GET /v1/queues")
    assert driver.find_element(By.ID, "project-form").is_displayed()
    # A queue that does not exist: a message and a button, not an empty page.
    driver.get(base_url + "/console/?project=%s#/queues/ghost" % project)
    wait_text(driver, "#queue-missing", "This queue does not exist in this project.")
    click(driver, "#create-missing")
    wait(driver).until(EC.visibility_of_element_located((By.ID, "post-form")))
    assert requests.get(base_url + "/v1/queues/ghost", headers={"X-Project-Id": project}).status_code == 204
    # Too large a TTL: the browser's own check stops it; past that the API's 400 shows.
    driver.execute_script("document.getElementById('post-ttl').removeAttribute('max')")
    fill(driver, "#post-ttl", "99999999")
    click(driver, "#post-button")
    wait_error(driver, "400 Invalid", "POST /v1/queues/ghost/messages")
    # The gateway gone: a network error in the page, the page still there.
    driver.execute_script("window.__realFetch = window.fetch; window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));")
    click(driver, "#browse-refresh")
    wait_error(driver, "Network error", "Cannot reach the gateway")
    driver.execute_script("window.fetch = window.__realFetch;")
    assert driver.find_element(By.ID, "post-form").is_displayed()


def test_delete_queue_with_confirmation_and_keyboard_only(page, base_url, project):
    driver = page
    open_console(driver, base_url, project)
    # Keyboard only: type a name, Enter creates; Tab reaches the row's Delete; Enter opens the
    # dialog with focus on Cancel; Escape cancels; then confirm with the keyboard.
    name_input = driver.find_element(By.ID, "new-queue-name")
    name_input.click()
    name_input.send_keys("kbd-queue", Keys.ENTER)
    wait_text(driver, 'tr[data-queue="kbd-queue"] .total', "0")
    link = driver.find_element(By.CSS_SELECTOR, 'tr[data-queue="kbd-queue"] a')
    driver.execute_script("arguments[0].focus()", link)
    link.send_keys(Keys.TAB)
    active = driver.switch_to.active_element
    assert active.get_attribute("aria-label") == "Delete queue kbd-queue"
    active.send_keys(Keys.ENTER)
    dialog = wait(driver).until(EC.visibility_of_element_located((By.ID, "confirm")))
    assert "kbd-queue" in dialog.text
    assert driver.switch_to.active_element.get_attribute("id") == "confirm-cancel"
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(driver).until(EC.invisibility_of_element_located((By.ID, "confirm")))
    assert requests.get(base_url + "/v1/queues/kbd-queue", headers={"X-Project-Id": project}).status_code == 204
    assert driver.switch_to.active_element.get_attribute("aria-label") == "Delete queue kbd-queue"
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait(driver).until(EC.visibility_of_element_located((By.ID, "confirm")))
    driver.switch_to.active_element.send_keys(Keys.TAB)  # Cancel -> Delete queue
    assert driver.switch_to.active_element.text == "Delete queue"
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, 'tr[data-queue="kbd-queue"]'))
    assert requests.get(base_url + "/v1/queues/kbd-queue", headers={"X-Project-Id": project}).status_code == 404

    # From the queue page too.
    requests.put(base_url + "/v1/queues/doomed", headers={"X-Project-Id": project})
    driver.get(base_url + "/console/?project=%s#/queues/doomed" % project)
    click(driver, "#delete-queue")
    click(driver, "#confirm-ok")
    wait(driver).until(lambda d: d.current_url.endswith("#/queues"))
    assert requests.get(base_url + "/v1/queues/doomed", headers={"X-Project-Id": project}).status_code == 404


def test_token_is_sent_only_when_given(page, base_url, project):
    """The optional X-Auth-Token: absent unless entered, then on every call (seen by wrapping fetch)."""
    driver = page
    driver.get(base_url + "/console/")
    record = """
      window.__headers = [];
      const real = window.fetch;
      window.fetch = (url, init) => { window.__headers.push(Object.assign({}, init.headers)); return real(url, init); };
    """
    driver.execute_script(record)
    fill(driver, "#project-input", project)
    click(driver, "#open-project")
    wait(driver).until(EC.visibility_of_element_located((By.ID, "create-queue-form")))
    sent = driver.execute_script("return window.__headers")
    assert sent and all("X-Auth-Token" not in h for h in sent)
    assert all(h["X-Project-Id"] == project for h in sent)
    client_ids = {h["Client-ID"] for h in sent}
    assert len(client_ids) == 1 and uuid.UUID(client_ids.pop())

    click(driver, "#change-project")
    driver.execute_script(record)
    fill(driver, "#project-input", project)
    fill(driver, "#token-input", "tok-123")
    click(driver, "#open-project")
    wait(driver).until(EC.visibility_of_element_located((By.ID, "create-queue-form")))
    sent = driver.execute_script("return window.__headers")
    assert sent and all(h.get("X-Auth-Token") == "tok-123" for h in sent)
