"""The whole learner flow in real headless Chromium on the dev host, ending with the statement PDF's text."""
import re
import urllib.request

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser import chromium_driver
from tests.devhost_server import seeded_devhost
from tests.helpers import pdf_text

pytestmark = pytest.mark.slow
COURSE = "course-v1:NASCM+AM26+2026"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with seeded_devhost(tmp_path_factory.mktemp("devhost")) as base:
        yield base


@pytest.fixture
def browser():
    driver = chromium_driver()
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def sign_in(browser, server):
    browser.get(server + "/login/")
    browser.find_element(By.NAME, "username").send_keys("learner")
    browser.find_element(By.NAME, "password").send_keys("ce-demo-2026")
    browser.find_element(By.CSS_SELECTOR, "form.devhost-form button").click()
    WebDriverWait(browser, 10).until(ec.url_to_be(server + "/"))


def follow(browser, element):
    """Click a link or a full-page form's button and wait until the next page has replaced this one.

    Without the wait, a lookup right after the click can still find the page being left.
    """
    browser.execute_script("window.ceLeaving = true;")
    element.click()
    WebDriverWait(browser, 10, ignored_exceptions=(WebDriverException,)).until(lambda driver: driver.execute_script(
        "return window.ceLeaving === undefined && document.readyState === 'complete';"))


def open_unit(browser, server, number):
    browser.get(f"{server}/courses/{COURSE}/")
    follow(browser, browser.find_element(By.CSS_SELECTOR, f".devhost-units a[href$='/units/{number}/']"))
    return browser.find_element(By.CSS_SELECTOR, ".ce-session")


def evaluate_in_unit(browser, server, number):
    """Answer the session's evaluation in its unit; the block then reloads and offers the claim form."""
    block = open_unit(browser, server, number)
    for fieldset in block.find_elements(By.CSS_SELECTOR, ".ce-question"):
        kind = fieldset.get_attribute("data-type")
        if kind == "likert":
            fieldset.find_element(By.CSS_SELECTOR, "input[value='5']").click()
        elif kind == "yesno":
            fieldset.find_element(By.CSS_SELECTOR, "input[value='yes']").click()
        elif kind == "single":
            fieldset.find_element(By.CSS_SELECTOR, "input[type=radio]").click()
    block.find_element(By.CSS_SELECTOR, ".ce-session__evaluation-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(
        lambda driver: driver.find_elements(By.CSS_SELECTOR, ".ce-session__done"))


def test_learner_claims_a_meeting_and_downloads_the_statement(server, browser):
    sign_in(browser, server)
    # The course's CE Credit tab opens the activity; start claiming.
    browser.get(f"{server}/courses/{COURSE}/")
    follow(browser, browser.find_element(By.LINK_TEXT, "CE Credit"))
    follow(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Start claiming"))

    # a. Physician statement.
    physician = browser.find_element(By.XPATH, "//label[contains(., 'AMA PRA Category 1 Credit™ (physicians)')]/input")
    physician.click()
    follow(browser, browser.find_element(By.CSS_SELECTOR, ".ce-statement-form button[type=submit]"))

    # b. Badge code: a wrong one first, then the learner's own.
    browser.find_element(By.NAME, "code").send_keys("AM26-9999")
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form.ce-form button"))
    assert "was not accepted" in browser.find_element(By.CSS_SELECTOR, ".ce-error").text
    browser.find_element(By.NAME, "code").send_keys("am26-0042")
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form.ce-form button"))

    # c. Disclosures, page by page; claiming is refused until acknowledged.
    assert "Faculty disclosures" in browser.find_element(By.CSS_SELECTOR, ".ce-disclosure").text
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form.ce-form button"))
    assert "Commercial support" in browser.find_element(By.CSS_SELECTOR, ".ce-disclosure").text
    browser.find_element(By.NAME, "acknowledge").click()
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form.ce-form button"))
    WebDriverWait(browser, 10).until(ec.url_contains("/claim/"))

    # d1. One session from its unit: evaluate, then claim in place.
    evaluate_in_unit(browser, server, 1)
    block = browser.find_element(By.CSS_SELECTOR, ".ce-session")
    block.find_element(By.NAME, "credits").send_keys("1")
    block.find_element(By.CSS_SELECTOR, ".ce-session__claim-form button").click()
    WebDriverWait(browser, 10).until(
        lambda driver: "1.00" in driver.find_element(By.CSS_SELECTOR, ".ce-session__claim .ce-session__message").text)

    # d2. Three more from the claim page, after evaluating them in their units. Sessions 2
    # (09:15-10:45) and 3 (09:30-10:30) overlap: together they earn at most 1.5.
    for number in (2, 3, 4):
        evaluate_in_unit(browser, server, number)
    browser.get(f"{server}/ce/courses/{COURSE}/claim/")
    Select(browser.find_element(By.NAME, "day")).select_by_index(1)  # filtering is live, without reloading
    assert browser.find_element(By.CSS_SELECTOR, "[data-shown]").text.startswith("9 of 36")
    rows = {row.find_element(By.CSS_SELECTOR, "td:nth-child(2) a").text: row
            for row in browser.find_elements(By.CSS_SELECTOR, "tr[data-session]") if row.is_displayed()}
    wanted = {"Rapid molecular diagnostics for sepsis": "1",
              "Carbapenem-resistant Enterobacterales: what is new": "0.75",
              "Fungal infections in the immunocompromised host": "1"}
    for title, credits in wanted.items():
        field = rows[title].find_element(By.CSS_SELECTOR, "input[type=number]")
        field.clear()
        field.send_keys(credits)
    browser.find_element(By.CSS_SELECTOR, ".ce-claim-form button[type=submit]").click()
    error = browser.find_element(By.CSS_SELECTOR, "[data-form-error]")
    WebDriverWait(browser, 10).until(lambda driver: error.is_displayed())
    assert "run at the same time" in error.text  # 1 + 0.75 over a 90-minute span is refused
    field = rows["Carbapenem-resistant Enterobacterales: what is new"].find_element(By.CSS_SELECTOR, "input")
    field.clear()
    field.send_keys("0.5")
    browser.find_element(By.CSS_SELECTOR, ".ce-claim-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(
        lambda driver: driver.find_element(By.CSS_SELECTOR, "[data-total]").text == "3.50")

    # e. Summary, with the irreversibility spelled out; f. finalize.
    follow(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "credit summary"))
    assert browser.find_element(By.CSS_SELECTOR, "[data-summary-total]").text == "3.50"
    assert "irreversible" in browser.find_element(By.CSS_SELECTOR, ".ce-finalize").text
    browser.find_element(By.NAME, "attest").click()
    browser.find_element(By.NAME, "confirm").click()
    follow(browser, browser.find_element(By.CSS_SELECTOR, ".ce-finalize button"))
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "Download your statement of credit")
    code = re.search(r"Verification code: ([A-Z0-9-]+)", browser.find_element(By.CSS_SELECTOR,
                                                                              ".ce-statement-ready").text).group(1)

    # The statement PDF, downloaded with the learner's session, read back as text.
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(link.get_attribute("href"), headers={"Cookie": cookies})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        pdf = response.read()
    text = pdf_text(pdf)
    assert "Jordan A. Lee, MD" in text
    for title in ("Antimicrobial stewardship in the emergency department",
                  "Rapid molecular diagnostics for sepsis",
                  "Carbapenem-resistant Enterobacterales: what is new",
                  "Fungal infections in the immunocompromised host"):
        assert title in text
    assert "Total claimed 3.50" in text and "Total: 3.5 AMA PRA Category 1 Credits™" in text
    assert ("North Atlantic Society for Clinical Microbiology designates this live activity for a maximum of 24 AMA "
            "PRA Category 1 Credits™. Physicians should claim only the credit commensurate with the extent of their "
            "participation in the activity.") in text
    assert code in text

    # The claim is read-only everywhere now.
    block = open_unit(browser, server, 2)
    assert "Your claim is final" in block.text and not block.find_elements(By.NAME, "credits")
    browser.get(f"{server}/ce/courses/{COURSE}/claim/")
    assert not browser.find_elements(By.CSS_SELECTOR, ".ce-claim-form input[type=number]")
