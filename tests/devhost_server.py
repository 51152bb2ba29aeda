"""Run the dev host as a real server on a free loopback port, with its own migrated and seeded database."""
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "demo"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


@contextlib.contextmanager
def seeded_devhost(workdir, **extra_env):
    """Yield the base URL of a dev host serving a freshly seeded database under ``workdir``."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DEVHOST_DB=str(Path(workdir) / "devhost.sqlite3"),
               DEVHOST_MEDIA_ROOT=str(Path(workdir) / "media"), DJANGO_SETTINGS_MODULE="devhost_project.settings",
               DEVHOST_BASE_URL=base, **extra_env)
    manage = [sys.executable, "manage.py"]
    subprocess.run(manage + ["migrate", "--noinput", "-v0"], cwd=DEMO, env=env, check=True)
    subprocess.run(manage + ["seed"], cwd=DEMO, env=env, check=True, capture_output=True)
    log = open(Path(workdir) / "server.log", "w")  # noqa: SIM115
    process = subprocess.Popen(manage + ["runserver", f"127.0.0.1:{port}", "--noreload"], cwd=DEMO, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(base + "/login/", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
