"""Takes the README's screenshot of the web console (docs/console.png) from a live gateway.

Runs a small real workload for a few minutes (a producer and a consumer in project `demo`,
through the API) while the console's queue page is open in headless Chromium, so the chart
shows real history; then claims a batch in the page and saves the screenshot.

    .build/console-venv/bin/python scripts/console_screenshot.py http://127.0.0.1:8888 docs/console.png --minutes 3

The virtualenv is the one scripts/test.sh makes (selenium 4.50.0); the browser is Debian's
chromium with chromium-driver. Only the gateway at URL is contacted; it must be one you may
write to (the `demo` project's queues thumbnails, emails and billing-jobs are recreated).
"""

import argparse
import random
import time
import uuid

import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url")
    ap.add_argument("out")
    ap.add_argument("--minutes", type=float, default=3)
    ap.add_argument("--project", default="demo")
    args = ap.parse_args()
    base = args.url.rstrip("/")
    producer = requests.Session()
    producer.headers.update({"X-Project-Id": args.project, "Client-ID": str(uuid.uuid4())})
    consumer = requests.Session()
    consumer.headers.update({"X-Project-Id": args.project, "Client-ID": str(uuid.uuid4())})
    q = base + "/v1/queues/"
    for name in ("thumbnails", "emails", "billing-jobs"):
        producer.delete(q + name)
        producer.put(q + name).raise_for_status()
    producer.put(q + "thumbnails/metadata", json={"owner": "media-team", "sizes": [64, 256, 1024]}).raise_for_status()
    producer.post(q + "emails/messages", json=[{"ttl": 3600, "body": {"to": "user%d@example.com" % i}} for i in range(12)])
    producer.post(q + "billing-jobs/messages", json=[{"ttl": 3600, "body": {"invoice": 1000 + i}} for i in range(3)])

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900", "--hide-scrollbars"):
        options.add_argument(a)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    wait = WebDriverWait(driver, 10)
    try:
        driver.get(base + "/console/?project=%s#/queues/thumbnails" % args.project)
        wait.until(EC.visibility_of_element_located((By.ID, "post-form")))
        rng = random.Random(7)
        image = 0
        deadline = time.monotonic() + args.minutes * 60
        while time.monotonic() < deadline:
            # Bursty producer, steadier consumer: the backlog grows, then drains.
            phase = (time.monotonic() % 120) / 120
            batch = rng.randint(4, 12) if phase < 0.55 else rng.randint(0, 3)
            if batch:
                producer.post(q + "thumbnails/messages",
                              json=[{"ttl": 900, "body": {"image": image + i, "size": rng.choice([64, 256, 1024])}} for i in range(batch)])
                image += batch
            r = consumer.post(q + "thumbnails/claims?limit=%d" % rng.randint(2, 6), json={"ttl": 60, "grace": 60})
            if r.status_code == 201:
                claimed = r.json()
                keep = 1 if rng.random() < 0.3 else 0  # now and then one waits for its claim to lapse
                for m in claimed[: len(claimed) - keep]:
                    consumer.delete(base + m["href"])
            time.sleep(5)
        driver.find_element(By.ID, "claim-limit").clear()
        driver.find_element(By.ID, "claim-limit").send_keys("3")
        driver.find_element(By.ID, "claim-button").click()
        wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#claims > *")))
        time.sleep(5.5)  # one more refresh of the stats and the chart
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1366, min(height, 1500))
        driver.execute_script("window.scrollTo(0, 0)")
        time.sleep(0.5)
        driver.save_screenshot(args.out)
        print("saved %s (1366x%d)" % (args.out, min(height, 1500)))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
