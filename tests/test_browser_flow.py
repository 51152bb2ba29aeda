"""
The learner's journey and the course team's pages in real headless Chromium on the dev host.

The learner claims a meeting on one page: each session evaluated inside its row, credits entered on
two days, without opening a unit; then corrects the printed name, finalizes and reads the statement
PDF back. The learner also records credit earned elsewhere, and the CE office issues a statement of a
past meeting. axe-core runs on every page any of them visits.
"""
import re
import urllib.request

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser import assert_accessible, chromium_driver
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
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


def sign_in(browser, server, username="learner"):
    browser.get(server + "/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
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


def row_of(browser, title):
    for row in browser.find_elements(By.CSS_SELECTOR, "tr[data-session]"):
        if row.find_element(By.CSS_SELECTOR, "td:nth-child(2) a").text == title:
            return row
    raise AssertionError(f"no row for {title!r}")


def evaluate_in_row(browser, title):
    """Open the session's evaluation inside its row, answer it and save; the row's credit box then opens."""
    row = row_of(browser, title)
    assert row.find_element(By.CSS_SELECTOR, "input[data-credits]").get_attribute("disabled")  # evaluate first
    row.find_element(By.CSS_SELECTOR, "[data-evaluate]").click()
    form = WebDriverWait(browser, 10).until(
        lambda driver: driver.find_element(By.CSS_SELECTOR, "tr.ce-evaluation-row [data-evaluation-form]"))
    for fieldset in form.find_elements(By.CSS_SELECTOR, ".ce-question"):
        radios = {radio.get_attribute("value"): radio for radio in fieldset.find_elements(By.CSS_SELECTOR,
                                                                                         "input[type=radio]")}
        choice = radios.get("5") or radios.get("yes") or next(iter(radios.values()), None)
        if choice is None:
            boxes = fieldset.find_elements(By.CSS_SELECTOR, "input[type=checkbox]")
            choice = boxes[0] if boxes else None
        if choice is not None:
            choice.click()
    assert_accessible(browser)  # the page with the evaluation open inside the row
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(
        lambda driver: not row_of(driver, title).find_element(By.CSS_SELECTOR, "input[data-credits]")
        .get_attribute("disabled"))
    assert not browser.find_elements(By.CSS_SELECTOR, "tr.ce-evaluation-row")


def enter(browser, title, credits):
    field = row_of(browser, title).find_element(By.CSS_SELECTOR, "input[data-credits]")
    field.clear()
    field.send_keys(credits)


def save(browser):
    browser.find_element(By.CSS_SELECTOR, "button[form=ce-claim-form]").click()


def test_learner_evaluates_and_claims_two_days_on_one_page_and_downloads_the_statement(server, browser):
    visited = []
    sign_in(browser, server)
    assert_accessible(browser, visited)  # the dev host's course list
    # The library lists the meeting; the course's CE Credit tab opens the activity.
    browser.get(server + "/ce/")
    assert "NASCM Annual Meeting 2026" in browser.find_element(By.CSS_SELECTOR, ".ce-library-table").text
    assert_accessible(browser, visited)
    browser.get(f"{server}/courses/{COURSE}/")
    assert_accessible(browser, visited)
    follow(browser, browser.find_element(By.LINK_TEXT, "CE Credit"))
    assert_accessible(browser, visited)
    follow(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Start claiming"))

    # a. Physician statement, consenting to board reporting.
    physician = browser.find_element(By.XPATH, "//label[contains(., 'AMA PRA Category 1 Credit™ (physicians)')]/input")
    physician.click()
    choice = physician.find_element(By.XPATH, "ancestor::div[@class='ce-choice']")
    choice.find_element(By.CSS_SELECTOR, "input[name$='-moc_consent']").click()
    choice.find_element(By.CSS_SELECTOR, "input[name$='-board_id']").send_keys("ABIM-310442")
    choice.find_element(By.CSS_SELECTOR, "input[name$='-birth_mmdd']").send_keys("0731")
    assert_accessible(browser, visited)
    follow(browser, browser.find_element(By.CSS_SELECTOR, ".ce-statement-form button[type=submit]"))

    # b. Badge code: a wrong one first, then the learner's own.
    browser.find_element(By.NAME, "code").send_keys("AM26-9999")
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form.ce-form button"))
    assert "was not accepted" in browser.find_element(By.CSS_SELECTOR, ".ce-error").text
    assert_accessible(browser, visited)
    browser.find_element(By.NAME, "code").send_keys("am26-0042")
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form.ce-form button"))

    # c. Disclosures, page by page.
    assert "Faculty disclosures" in browser.find_element(By.CSS_SELECTOR, ".ce-disclosure").text
    assert_accessible(browser, visited)
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form.ce-form button"))
    assert "Commercial support" in browser.find_element(By.CSS_SELECTOR, ".ce-disclosure").text
    browser.find_element(By.NAME, "acknowledge").click()
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form.ce-form button"))
    WebDriverWait(browser, 10).until(ec.url_contains("/claim/"))

    # d. Day one on the claim page: three sessions evaluated in their rows, then claimed. Sessions 2
    # (09:15-10:45) and 3 (09:30-10:30) ran at the same time: together they earn at most 1.5.
    assert_accessible(browser, visited)
    first_day = browser.current_url
    day_one = {"Antimicrobial stewardship in the emergency department": "1",
               "Rapid molecular diagnostics for sepsis": "1",
               "Carbapenem-resistant Enterobacterales: what is new": "0.75"}
    for title in day_one:
        evaluate_in_row(browser, title)
    assert "At the same time" in row_of(browser, "Rapid molecular diagnostics for sepsis").text
    for title, credits in day_one.items():
        enter(browser, title, credits)
    save(browser)
    WebDriverWait(browser, 10).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, "tr.ce-row-error"))
    errors = browser.find_elements(By.CSS_SELECTOR, "tr.ce-row-error")
    assert len(errors) == 1 and "same time" in errors[0].text  # the overlap error once, beside its row
    assert_accessible(browser, visited)
    enter(browser, "Carbapenem-resistant Enterobacterales: what is new", "0,5")  # a decimal comma is read too
    save(browser)
    WebDriverWait(browser, 10).until(
        lambda driver: driver.find_element(By.CSS_SELECTOR, "[data-total]").text == "2.50")
    assert not browser.find_elements(By.CSS_SELECTOR, "tr.ce-row-error")

    # Day two, one click away; the total covers both days.
    follow(browser, browser.find_elements(By.CSS_SELECTOR, "nav.ce-days a[data-day]")[1])
    assert browser.current_url != first_day
    assert_accessible(browser, visited)
    title = browser.find_elements(By.CSS_SELECTOR, "tr[data-session] td:nth-child(2) a")[0].text
    evaluate_in_row(browser, title)
    enter(browser, title, "1")
    save(browser)
    WebDriverWait(browser, 10).until(
        lambda driver: driver.find_element(By.CSS_SELECTOR, "[data-total]").text == "3.50")
    assert "/units/" not in "".join(visited)  # no unit was opened

    # e. Summary: the name as it will print, corrected for this statement; f. finalize.
    follow(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "credit summary"))
    assert browser.find_element(By.CSS_SELECTOR, "[data-summary-total]").text == "3.50"
    assert browser.find_element(By.CSS_SELECTOR, "[data-printed-name]").text == "Jordan A. Lee, MD"
    assert_accessible(browser, visited)
    name = browser.find_element(By.NAME, "printed_name")
    name.clear()
    name.send_keys("Jordan Alexis Lee")
    browser.find_element(By.NAME, "printed_credentials").send_keys("MD, MPH")
    follow(browser, browser.find_element(By.CSS_SELECTOR, "button[value=name]"))
    assert browser.find_element(By.CSS_SELECTOR, "[data-printed-name]").text == "Jordan Alexis Lee, MD, MPH"
    assert "irreversible" in browser.find_element(By.CSS_SELECTOR, ".ce-finalize").text
    browser.find_element(By.NAME, "attest").click()
    browser.find_element(By.NAME, "confirm").click()
    follow(browser, browser.find_element(By.CSS_SELECTOR, "button[value=finalize]"))
    assert_accessible(browser, visited)
    link = browser.find_element(By.CSS_SELECTOR, ".ce-statement-ready a[download]")
    code = browser.find_element(By.CSS_SELECTOR, ".ce-statement-ready .ce-code").text

    # The statement PDF, downloaded with the learner's session, read back as text.
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(link.get_attribute("href"), headers={"Cookie": cookies})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        text = pdf_text(response.read())
    assert "This is to certify that Jordan Alexis Lee, MD, MPH participated in" in text
    for title_text in [*day_one, title]:
        assert title_text in text.replace("- ", "-"), title_text  # a title may wrap after its own hyphen
    assert text.count("Total claimed") == 1 and "Total claimed 3.50" in text
    assert "Total: 3.50 AMA PRA Category 1 Credits™" in text
    assert ("North Atlantic Society for Clinical Microbiology designates this live activity for a maximum of 24.00 "
            "AMA PRA Category 1 Credits™. Physicians should claim only the credit commensurate with the extent of "
            "their participation in the activity.") in text
    assert re.search(r"\d{1,2} \w+ \d{4} 08:00–09:00 E[DS]T Antimicrobial stewardship", text)
    assert code in text and f"Verify this statement at {server}/ce/verify/{code}/" in text

    # Final means final: no credit box anywhere, the unit says what was claimed, neutrally.
    browser.get(f"{server}/ce/courses/{COURSE}/claim/")
    assert not browser.find_elements(By.CSS_SELECTOR, "input[data-credits]")
    assert_accessible(browser, visited)
    browser.get(f"{server}/courses/{COURSE}/")
    follow(browser, browser.find_element(By.CSS_SELECTOR, ".devhost-units a[href$='/units/2/']"))
    block = browser.find_element(By.CSS_SELECTOR, ".ce-session")
    info = block.find_element(By.CSS_SELECTOR, ".ce-session__info").text
    assert "You claimed 1.00 AMA PRA Category 1 Credits™ for this session." in info
    assert not block.find_elements(By.NAME, "credits")
    assert_accessible(browser, visited)
    for page in ("/ce/mine/", "/ce/transcript/", f"/ce/verify/{code}/"):
        browser.get(server + page)
        assert_accessible(browser, visited)
    assert len(visited) == 17


def test_course_team_pages_and_the_session_editor_pass_axe(server, browser):
    visited = []
    sign_in(browser, server, "instructor")
    staff = f"{server}/ce/staff/courses/{COURSE}/"
    for page in ("", "settings/", "codes/", "claims/", "claims/attendee01/", "evaluations/", "exports/"):
        browser.get(staff + page)
        assert browser.find_element(By.CSS_SELECTOR, "h1").text, page
        assert_accessible(browser, visited)
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/reports/pars/start/'] button"))
    WebDriverWait(browser, 20).until(lambda driver: driver.find_element(By.CSS_SELECTOR, "[data-download]")
                                     .is_displayed())
    assert_accessible(browser, visited)

    # The dev host's Studio: the editor's fields and question rows all labelled; options only where they apply.
    browser.get(f"{server}/courses/{COURSE}/")
    follow(browser, browser.find_element(By.LINK_TEXT, "edit"))
    editor = browser.find_element(By.CSS_SELECTOR, ".ce-studio")
    rows = editor.find_elements(By.CSS_SELECTOR, ".ce-question-editor")
    assert rows
    for row in rows:
        kind = row.find_element(By.CSS_SELECTOR, ".ce-q-type").get_attribute("value")
        assert row.find_element(By.CSS_SELECTOR, ".ce-q-comment-label").is_displayed() == (kind == "yesno")
        assert row.find_element(By.CSS_SELECTOR, ".ce-q-choices-label").is_displayed() == (
            kind in ("single", "multiple"))
    actions = editor.find_elements(By.CSS_SELECTOR, ".xblock-actions .button")
    assert [a.text for a in actions] == ["Save", "Cancel"]
    assert actions[0].location["y"] == actions[1].location["y"]  # side by side, not a bulleted list
    assert "Sign in" not in browser.find_element(By.CSS_SELECTOR, ".devhost-block:not(.devhost-studio)").text
    assert_accessible(browser, visited)
    assert len(visited) == 9


def test_the_accessibility_check_reports_what_it_should(browser):
    """The check itself: an unlabelled input and an image without text are reported, a labelled page is not."""
    browser.get("data:text/html,<html lang='en'><title>t</title><main><h1>t</h1>"
                "<input name='x'><img src='data:,'></main></html>")
    with pytest.raises(AssertionError) as found:
        assert_accessible(browser)
    assert "label (critical)" in str(found.value) and "image-alt (critical)" in str(found.value)
    browser.get("data:text/html,<html lang='en'><title>t</title><main><h1>t</h1>"
                "<label for='x'>Name</label><input id='x' name='x'></main></html>")
    assert_accessible(browser)


def test_the_unit_remains_the_other_route_to_evaluate_and_claim(server, browser):
    """A seeded pharmacist who has not finalized evaluates and claims one session from inside its unit."""
    sign_in(browser, server, "attendee16")
    browser.get(f"{server}/courses/{COURSE}/")
    follow(browser, browser.find_element(By.CSS_SELECTOR, ".devhost-units a[href$='/units/4/']"))
    block = browser.find_element(By.CSS_SELECTOR, ".ce-session")
    assert block.find_element(By.CSS_SELECTOR, "[data-step=evaluation]")
    for fieldset in block.find_elements(By.CSS_SELECTOR, ".ce-question"):
        kind = fieldset.get_attribute("data-type")
        value = {"likert": "5", "yesno": "yes"}.get(kind)
        if value:
            fieldset.find_element(By.CSS_SELECTOR, f"input[value='{value}']").click()
        elif kind == "single":
            fieldset.find_element(By.CSS_SELECTOR, "input[type=radio]").click()
    assert_accessible(browser)
    block.find_element(By.CSS_SELECTOR, ".ce-session__evaluation-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, ".ce-session__done"))
    block = browser.find_element(By.CSS_SELECTOR, ".ce-session")
    block.find_element(By.NAME, "credits").send_keys("1")
    block.find_element(By.CSS_SELECTOR, ".ce-session__claim-form button").click()
    WebDriverWait(browser, 10).until(  # 2.50 claimed on the seeded day, and this session's 1.00
        lambda driver: "now 3.50" in driver.find_element(By.CSS_SELECTOR, ".ce-session__claim .ce-session__message")
        .text)
    assert_accessible(browser)


def test_credit_earned_elsewhere_and_the_past_meeting_page_in_a_browser(server, browser, tmp_path):
    """
    The learner records credit earned elsewhere with a scanned certificate, then changes it; the CE office enters a
    session of the 2009 meeting (no course) and issues a statement. axe-core on each page.
    """
    visited = []
    sign_in(browser, server, "learner")
    browser.get(server + "/ce/transcript/")
    assert "Self-reported: credit earned elsewhere" in browser.find_element(By.ID, "ce-external").text
    assert_accessible(browser, visited)
    follow(browser, browser.find_element(By.LINK_TEXT, "Add credit earned elsewhere"))
    assert_accessible(browser, visited)
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    browser.find_element(By.NAME, "provider").send_keys("American Society for Clinical Pathology")
    browser.find_element(By.NAME, "title").send_keys("Quality control in the core laboratory")
    browser.execute_script("arguments[0].value = '2026-09-01';", browser.find_element(By.NAME, "completed_on"))
    Select(browser.find_element(By.NAME, "credit_type")).select_by_value("pace")
    browser.find_element(By.NAME, "amount").send_keys("2,5")
    browser.find_element(By.NAME, "certificate").send_keys(str(scan))
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form.ce-settings-form button[type=submit]"))
    assert browser.current_url == server + "/ce/transcript/#ce-external"
    row = browser.find_element(By.XPATH, "//tr[td[text()='Quality control in the core laboratory']]")
    assert "2.50 P.A.C.E.® contact hours" in row.text and "Certificate" in row.text
    follow(browser, row.find_element(By.PARTIAL_LINK_TEXT, "Change"))
    assert browser.find_element(By.NAME, "amount").get_attribute("value") == "2.50"
    browser.find_element(By.NAME, "amount").clear()
    browser.find_element(By.NAME, "amount").send_keys("0")
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form.ce-settings-form button[type=submit]"))
    assert browser.find_element(By.ID, "ce-x-amount-error").text == "Credits must be more than zero."
    assert_accessible(browser, visited)
    browser.get(server + "/ce/transcript/")
    row = browser.find_element(By.XPATH, "//tr[td[text()='Quality control in the core laboratory']]")
    follow(browser, row.find_element(By.PARTIAL_LINK_TEXT, "Delete"))
    assert_accessible(browser, visited)

    browser.delete_all_cookies()
    sign_in(browser, server, "admin")
    browser.get(f"{server}/ce/staff/courses/course-v1:NASCM+AM09+past/past-meeting/")
    assert_accessible(browser, visited)
    browser.find_element(By.NAME, "title").send_keys("Poster session")
    browser.execute_script("arguments[0].value = '2009-05-18';", browser.find_element(By.NAME, "day"))
    browser.execute_script("arguments[0].value = '16:00';", browser.find_element(By.NAME, "starts"))
    browser.execute_script("arguments[0].value = '17:00';", browser.find_element(By.NAME, "ends"))
    follow(browser, browser.find_element(By.CSS_SELECTOR, "button[name=add_session]"))
    browser.find_element(By.NAME, "learner").send_keys("attendee02@example.com")
    browser.find_element(By.XPATH, "//tr[td/label[text()='Poster session']]//input").send_keys("1")
    browser.find_element(By.NAME, "reason").send_keys("Poster judges' list")
    follow(browser, browser.find_element(By.CSS_SELECTOR, "button[name=issue]"))
    notice = browser.find_element(By.ID, "ce-issued")
    assert "issued to Attendee02 Example" in notice.text
    assert_accessible(browser, visited)
    assert len(visited) == 6
