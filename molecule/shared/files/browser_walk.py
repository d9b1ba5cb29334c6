"""Walk the site in a real browser (Debian's Chromium, driven by Selenium), as a user does.

In French, then in English (switched with the site's own language selector): the
login page, the dashboard, the project list (search, sort, filter), a project page
(every phase's task table, an upload, the download of what was uploaded, the
close-phase confirmation naming its blocking tasks), the alerts page (one marked
read), the admin, a missing page and the rate-limit page. On every page it fails
on a Content-Security-Policy violation, a console error, a resource that did not
load, a raw status code in the text (DEPASSE, EN_COURS...), a page whose title
is the same in both languages, or a language other than the one chosen; it saves
a full-page screenshot of each.

    python3 browser_walk.py   (configured by the environment, see CONFIG below)

Network: only the site's names, mapped to the test server's address; every other
name fails to resolve, so the browser reaches nothing else.
Prints one JSON line per page and a summary; exits 1 on the first failing page.
"""

import json
import os
import re
import ssl
import sys
import tempfile
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

CONFIG = {
    "site": os.environ["BROWSER_SITE"],                # the site's name, e.g. si-gouvernance.test
    "address": os.environ["BROWSER_ADDRESS"],          # the server's address the names resolve to
    "user": os.environ["BROWSER_USER"],
    "password": os.environ["BROWSER_PASSWORD"],
    "codes": set(json.loads(os.environ["BROWSER_RAW_CODES"])),  # status codes that must never show
    "out": os.environ["BROWSER_OUT"],                  # screenshots and report
    "chromium": os.environ.get("BROWSER_CHROMIUM", "/usr/bin/chromium"),
    "chromedriver": os.environ.get("BROWSER_CHROMEDRIVER", "/usr/bin/chromedriver"),
}
BASE = f"https://{CONFIG['site']}"
WIDTH, HEIGHT = 1366, 900
# What the navigation must say in each language (the untranslated-page check's anchor).
NAV = {"fr": ["Tableau de bord", "Projets", "Alertes"], "en": ["Dashboard", "Projects", "Alerts"]}
# Recorded by the page itself: violations the CSP reported (installed before any page script runs).
CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""
TOKEN = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\b")


class PageFailure(Exception):
    pass


def start_browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = CONFIG["chromium"]
    site, address = CONFIG["site"], CONFIG["address"]
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-quic", "--no-first-run", "--disable-default-apps", "--disable-extensions",
        f"--window-size={WIDTH},{HEIGHT}", f"--user-data-dir={profile}", "--lang=fr-FR",
        # The test CA's certificate is checked elsewhere (curl --cacert, sslyze): here the pages.
        "--ignore-certificate-errors",
        f"--host-resolver-rules=MAP {site} {address}, MAP www.{site} {address}, MAP * ~NOTFOUND, "
        "EXCLUDE localhost, EXCLUDE 127.0.0.1",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "intl.accept_languages": "fr-FR,fr",
        "download.default_directory": profile,
        "download.prompt_for_download": False,
    })
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CONFIG["chromedriver"]), options=options)
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CSP_LISTENER})
    return driver


def wait_for(driver, css, seconds=20):
    return WebDriverWait(driver, seconds).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def settle(driver):
    """The document loaded and its deferred script done (fetches started at DOMContentLoaded answered)."""
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
    time.sleep(0.5)


class Walk:
    def __init__(self, driver):
        self.driver = driver
        self.pages = []
        self.titles = {}
        os.makedirs(CONFIG["out"], exist_ok=True)
        for old in os.listdir(CONFIG["out"]):  # this walk's screenshots only
            if old.endswith(".png"):
                os.remove(os.path.join(CONFIG["out"], old))

    def check(self, lang, name, expect_status=None, title_is_data=False):
        """Every check of a page; a screenshot; one JSON line. expect_status: the document's own
        error status (404, 429) whose console line is expected; title_is_data: the page's title
        is a name from the data (a project's), the same in both languages."""
        d = self.driver
        settle(d)
        problems = []
        url = d.current_url
        html_lang = d.execute_script("return document.documentElement.lang")
        if html_lang != lang:
            problems.append(f"<html lang> is {html_lang!r}, not {lang!r}")
        for entry in d.get_log("browser"):
            if entry["level"] != "SEVERE":
                continue
            message = entry["message"]
            if expect_status and url.split("#")[0] in message and f"status of {expect_status}" in message:
                continue
            problems.append(f"console: {message}")
        csp = d.execute_script("return window.__csp || []")
        problems += [f"CSP violation: {v}" for v in csp]
        resources = d.execute_script(
            "return performance.getEntriesByType('resource').map(function (r) {"
            " return [r.name, r.responseStatus || 0, r.initiatorType]; })")
        for resource_url, status, kind in resources:
            if status >= 400:
                problems.append(f"{kind} {resource_url} answered {status}")
        text = d.execute_script("return document.body ? document.body.textContent : ''")
        raw = sorted(set(TOKEN.findall(text)) & CONFIG["codes"])
        if raw:
            problems.append(f"raw status codes in the text: {raw}")
        if d.find_elements(By.CSS_SELECTOR, "nav.mainnav"):
            # Each link's own text, without the unread badge it may hold.
            nav = d.execute_script(
                "return Array.from(document.querySelectorAll('nav.mainnav a')).slice(0, 3)"
                ".map(function (a) { return a.firstChild.textContent.trim(); })")
            if nav != NAV[lang]:
                problems.append(f"navigation reads {nav}, not {NAV[lang]}")
        title = d.title
        self.titles.setdefault(name, {})[lang] = title
        other = self.titles[name].get("fr" if lang == "en" else "en")
        if other is not None and other == title and not title_is_data:
            problems.append(f"the title {title!r} is the same in both languages")
        shot = os.path.join(CONFIG["out"], f"{lang}-{len(self.pages) % 100:02d}-{name}.png")
        full = d.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
        d.set_window_size(WIDTH, max(HEIGHT, min(int(full) + 40, 6000)))
        d.save_screenshot(shot)
        d.set_window_size(WIDTH, HEIGHT)
        record = {"page": name, "lang": lang, "url": url, "title": title, "resources": len(resources),
                  "screenshot": shot, "problems": problems}
        self.pages.append(record)
        print(json.dumps(record, ensure_ascii=False), flush=True)
        if problems:
            raise PageFailure(f"{lang} {name}: {problems}")

    def go(self, path):
        self.driver.get(BASE + path)


def burst(path, count):
    """A bounded burst at the site from this process (the browser's address too), so that the
    browser's next request meets the rate limit. Returns the statuses seen."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    statuses = []
    for _ in range(count):
        request = urllib.request.Request(f"https://{CONFIG['address']}{path}", headers={"Host": CONFIG["site"]})
        try:
            with urllib.request.urlopen(request, timeout=5, context=context) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
        except OSError:
            statuses.append(0)
    return statuses


# The login page's zone (10 requests a minute, burst 5): once filled by a burst it
# refuses the next requests for seconds, so the browser's meets it for sure; it
# has drained again LOGIN_ZONE_DRAIN seconds later.
LOGIN_PATH = "/comptes/connexion/"
LOGIN_ZONE_DRAIN = 35


def rate_limited(walk, lang):
    """nginx's 429, answered with the site's page in this language."""
    statuses = burst(LOGIN_PATH, 20)
    if 429 not in statuses:
        raise PageFailure(f"{lang} rate limit: the burst met no 429 ({sorted(set(statuses))})")
    walk.go(LOGIN_PATH)
    if "429" not in walk.driver.find_element(By.TAG_NAME, "body").text:
        raise PageFailure(f"{lang} rate limit: the browser's request was not limited")
    walk.check(lang, "rate-limited", expect_status=429)
    return time.monotonic() + LOGIN_ZONE_DRAIN


def walk_language(walk, lang):
    d = walk.driver
    # The dashboard: the portfolio, figures and projects at risk first.
    walk.go("/")
    wait_for(d, "#portfolio-figures")
    if not d.find_elements(By.CSS_SELECTOR, "#at-risk-table tbody tr"):
        raise PageFailure(f"{lang} dashboard: no project at risk listed")
    walk.check(lang, "dashboard")
    at_risk = d.find_element(By.CSS_SELECTOR, "#at-risk-table tbody tr a").get_attribute("href")

    # The project list: search, then sort by a column header, then a filter.
    walk.go("/projets/")
    rows = d.find_elements(By.CSS_SELECTOR, "#project-table tr.project-row")
    if not rows:
        raise PageFailure(f"{lang} project list: no row")
    walk.check(lang, "projects")
    first_name = rows[0].find_element(By.CSS_SELECTOR, "a").text.strip()
    term = first_name.split()[0]
    box = d.find_element(By.ID, "id_q")
    box.clear()
    box.send_keys(term)
    d.find_element(By.ID, "filter-submit").click()
    wait_for(d, "#project-table")
    found = [r.text for r in d.find_elements(By.CSS_SELECTOR, "#project-table tr.project-row")]
    if not found or not all(term.lower() in r.lower() for r in found):
        raise PageFailure(f"{lang} search for {term!r}: {found}")
    walk.check(lang, "projects-search")
    walk.go("/projets/")
    d.find_elements(By.CSS_SELECTOR, "#project-table a.sort")[-1].click()
    wait_for(d, "#project-table")
    if "tri=" not in d.current_url:
        raise PageFailure(f"{lang} sort: the URL {d.current_url} names no order")
    walk.check(lang, "projects-sorted")

    # A project at risk: every phase's tasks in a table with headers, the overdue ones marked.
    d.get(at_risk)
    wait_for(d, "#phases")
    phases = d.find_elements(By.CSS_SELECTOR, "#phases article.phase")
    tables = d.find_elements(By.CSS_SELECTOR, "#phases article.phase table thead th")
    if len(phases) != 6 or not tables:
        raise PageFailure(f"{lang} project page: {len(phases)} phases, {len(tables)} task table headers")
    if not d.find_elements(By.CSS_SELECTOR, "#budget-lines thead th"):
        raise PageFailure(f"{lang} project page: the budget table has no header row")
    if not d.find_elements(By.CSS_SELECTOR, "tr.task-overdue, tr.task-blocked"):
        raise PageFailure(f"{lang} project page: no overdue or blocked task highlighted")
    walk.check(lang, "project", title_is_data=True)
    project_url = d.current_url.split("#")[0]

    # Upload a PDF through the team's form, find it listed, download it through the application.
    upload = os.path.join(tempfile.mkdtemp(prefix="browser-upload."), f"compte-rendu-{lang}.pdf")
    with open(upload, "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    d.find_element(By.ID, "id_fichier").send_keys(upload)
    d.find_element(By.ID, "upload-submit").click()
    wait_for(d, "#messages .message")
    links = [a for a in d.find_elements(By.CSS_SELECTOR, "#file-table a.file-link") if a.text == os.path.basename(upload)]
    if not links:
        raise PageFailure(f"{lang} upload: {os.path.basename(upload)} is not listed")
    download = d.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(function (r) {"
        " return r.text().then(function (t) { done([r.status, r.headers.get('content-disposition'),"
        " r.headers.get('content-type'), t.slice(0, 8)]); }); }).catch(function (e) { done([0, String(e)]); });",
        links[0].get_attribute("href"))
    if download[0] != 200 or "attachment" not in (download[1] or "") or download[3] != "%PDF-1.4":
        raise PageFailure(f"{lang} download: {download}")
    walk.check(lang, "project-upload", title_is_data=True)

    # Closing the running phase asks first, and names the tasks that block it.
    d.get(project_url)
    close = d.find_elements(By.CSS_SELECTOR, "a[id^='close-phase-']")
    if close:
        close[0].click()
        wait_for(d, "#close-phase")
        blocking = d.find_elements(By.CSS_SELECTOR, "#blocking-tasks tr.blocking-task")
        if not blocking or d.find_elements(By.ID, "confirm-close"):
            raise PageFailure(f"{lang} close phase: {len(blocking)} blocking tasks named, confirm offered anyway")
        walk.check(lang, "close-phase")

    # Alerts: paginated, linked to their object; one marked read, with a message and one unread less.
    walk.go("/alertes/")
    wait_for(d, "#alert-table")
    unread = int(d.find_element(By.ID, "count-unread").text)
    links = d.find_elements(By.CSS_SELECTOR, "#alert-table a.alert-link")
    if not links or "/projets/" not in links[0].get_attribute("href"):
        raise PageFailure(f"{lang} alerts: no alert linked to its project")
    walk.check(lang, "alerts")
    buttons = d.find_elements(By.CSS_SELECTOR, "#alert-table button.mark-read")
    if not unread or not buttons:
        raise PageFailure(f"{lang} alerts: no unread alert to mark read ({unread} unread)")
    buttons[0].click()
    wait_for(d, "#messages .message")
    after = int(d.find_element(By.ID, "count-unread").text)
    if after != unread - 1:
        raise PageFailure(f"{lang} mark read: unread {unread} -> {after}")
    walk.check(lang, "alerts-marked-read")

    # The admin, under the site's name.
    walk.go("/admin/")
    wait_for(d, "#site-name, #branding")
    if "SI-Gouvernance" not in d.find_element(By.CSS_SELECTOR, "#site-name, #branding").text:
        raise PageFailure(f"{lang} admin: not branded ({d.find_element(By.CSS_SELECTOR, '#branding').text!r})")
    walk.check(lang, "admin")
    walk.go("/admin/projects/project/")
    wait_for(d, "#result_list")
    walk.check(lang, "admin-projects")

    # The site's own 404 in this language.
    walk.go("/cette-page-n-existe-pas/")
    wait_for(d, "#error-home")
    walk.check(lang, "not-found", expect_status=404)


def main():
    profile = tempfile.mkdtemp(prefix="browser-profile.")
    driver = start_browser(profile)
    walk = Walk(driver)
    try:
        # French first (the browser's language): the login page, then log in.
        walk.go("/comptes/connexion/")
        wait_for(driver, "#login-form")
        walk.check("fr", "login")
        driver.find_element(By.ID, "id_username").send_keys(CONFIG["user"])
        driver.find_element(By.ID, "id_password").send_keys(CONFIG["password"])
        driver.find_element(By.ID, "login-submit").click()
        wait_for(driver, "#portfolio-figures")
        walk_language(walk, "fr")
        drained = rate_limited(walk, "fr")
        # English, chosen in the site's own selector, then kept from page to page.
        walk.go("/")
        Select(driver.find_element(By.ID, "language-select")).select_by_value("en")
        WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.documentElement.lang") == "en")
        walk_language(walk, "en")
        # Logged out, the login page in English (the choice is remembered), once the
        # login page's rate limit has drained; then nginx's 429 in English.
        time.sleep(max(0.0, drained - time.monotonic()))
        driver.find_element(By.ID, "logout-button").click()
        wait_for(driver, "#login-form")
        walk.check("en", "login")
        rate_limited(walk, "en")
    except PageFailure as failure:
        print(json.dumps({"failed": str(failure), "pages": len(walk.pages)}, ensure_ascii=False))
        return 1
    finally:
        driver.quit()
    print(json.dumps({"passed": len(walk.pages), "screenshots": CONFIG["out"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
