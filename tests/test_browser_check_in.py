"""
Session check-in in real headless Chromium on a freshly seeded dev host: the instructor opens the check-in
screen of today's Grand Rounds session, the learner enters the code it shows; a code of another activity's
session and a code that expired are refused first. axe-core checks each page.
"""
from datetime import datetime, timezone

import pytest
from django.test import override_settings
from selenium.webdriver.common.by import By

from ce_plugin import rules
from ce_plugin.services.check_ins import rotation, session_code
from tests.browser import assert_accessible, chromium_driver
from tests.devhost_server import seeded_devhost
from tests.test_browser_flow import follow, sign_in

pytestmark = pytest.mark.slow
ROUNDS = "course-v1:NASCM+GR26+2026"
MEETING = "course-v1:NASCM+AM26+2026"
SECRET = "check-in-browser-test-secret"  # the server's SECRET_KEY, so the test can draw an expired code


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with seeded_devhost(tmp_path_factory.mktemp("check-in"), DEVHOST_SECRET_KEY=SECRET) as base:
        yield base


@pytest.fixture
def browser():
    driver = chromium_driver()
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def enter(browser, server, course, code):
    browser.get(f"{server}/ce/courses/{course}/check-in/")
    field = browser.find_element(By.ID, "check-in-code")
    field.clear()
    field.send_keys(code)
    follow(browser, browser.find_element(By.CSS_SELECTOR, "[data-check-in-form] button[type=submit]"))


def test_a_learner_checks_in_with_the_code_on_the_staff_screen(server, browser):
    sign_in(browser, server, "instructor")
    browser.get(f"{server}/ce/staff/courses/{ROUNDS}/check-in/")
    assert_accessible(browser)
    follow(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Show the code"))
    code = browser.find_element(By.CSS_SELECTOR, "[data-check-in-code]").text
    usage_key = browser.current_url.rstrip("/").rsplit("/", 1)[1]
    assert len(code) == 6 and browser.find_element(By.CSS_SELECTOR, ".ce-check-in-qr svg")
    assert_accessible(browser)
    with override_settings(SECRET_KEY=SECRET):
        expired = session_code(usage_key, rules.code_slot(datetime.now(timezone.utc), rotation()) - 2)

    browser.delete_all_cookies()
    sign_in(browser, server, "learner")
    enter(browser, server, MEETING, code)  # the code of another activity's session
    assert browser.find_element(By.CSS_SELECTOR, "[data-check-in-error]").is_displayed()
    enter(browser, server, ROUNDS, expired)
    assert "not valid now" in browser.find_element(By.CSS_SELECTOR, "[data-check-in-error]").text
    assert_accessible(browser)
    enter(browser, server, ROUNDS, code.lower())
    done = browser.find_element(By.CSS_SELECTOR, "[data-checked-in]")
    assert done.get_attribute("data-checked-in") == "start" and "Case conference" in done.text
    assert_accessible(browser)

    browser.delete_all_cookies()
    sign_in(browser, server, "instructor")
    browser.get(f"{server}/ce/staff/courses/{ROUNDS}/check-in/{usage_key}/")
    assert "near the start: 1" in browser.find_element(By.CSS_SELECTOR, "[data-check-in-counts]").text
