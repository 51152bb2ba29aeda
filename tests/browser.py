"""Headless Chromium for the browser tests: Debian's chromium and chromium-driver, never a download."""
import os
import shutil
import tempfile

CHROMIUM = os.environ.get("CE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CE_CHROMEDRIVER", "/usr/bin/chromedriver")


def chromium_driver():
    """A headless Chromium WebDriver; fails with a clear message when the Debian packages are missing."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not shutil.which(path)]
    if missing:
        raise RuntimeError(f"Missing {', '.join(missing)}: run `make test-deps` (Debian chromium, chromium-driver)")
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never fetch a browser or driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--disable-quic", "--window-size=1280,1600",
                     f"--user-data-dir={tempfile.mkdtemp(prefix='ce-chromium-')}"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


AXE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "node_modules", "axe-core",
                   "axe.min.js")
BLOCKING = ("serious", "critical")


def axe_violations(driver):
    """
    Run axe-core (from npm, ``node_modules``) on the page the driver shows: its serious and critical violations.

    Each is ``(rule id, impact, help, [target selectors])``. axe checks the rendered page, scripts run,
    against WCAG 2.x A and AA and its best-practice rules.
    """
    if not os.path.exists(AXE):
        raise RuntimeError(f"Missing {AXE}: run `make test` (npm ci installs axe-core from package-lock.json)")
    with open(AXE, encoding="utf-8") as handle:
        driver.execute_script(handle.read())
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(function (r) { done(r.violations.map(function (v) {"
        "  return [v.id, v.impact, v.help, v.nodes.map(function (n) { return n.target.join(' '); })]; })); })"
        ".catch(function (e) { done({error: String(e)}); });")
    if isinstance(result, dict):
        raise RuntimeError(f"axe-core failed on {driver.current_url}: {result['error']}")
    return [tuple(v) for v in result if v[1] in BLOCKING]


def assert_accessible(driver, visited=None):
    """Fail with the rule, its help text and the elements when the page has a serious or critical violation."""
    violations = axe_violations(driver)
    if visited is not None:
        visited.append(driver.current_url)
    assert not violations, f"axe-core on {driver.current_url}:\n" + "\n".join(
        f"  {rule} ({impact}): {help_text} -> {targets[:5]}" for rule, impact, help_text, targets in violations)
