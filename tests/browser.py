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
        raise RuntimeError(f"Missing {', '.join(missing)}: run `make browser-deps` (Debian chromium, chromium-driver)")
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never fetch a browser or driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--disable-quic", "--window-size=1280,1600",
                     f"--user-data-dir={tempfile.mkdtemp(prefix='ce-chromium-')}"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
