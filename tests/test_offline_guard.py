"""The network guard used for offline chapter runs blocks the internet and keeps
loopback."""

import os
import subprocess
import sys

GUARD = os.path.join(os.path.dirname(__file__), "offline")

PROBE = r"""
import socket
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
c = socket.socket(); c.connect(srv.getsockname()); print("loopback ok")
try:
    socket.create_connection(("198.51.100.7", 80), timeout=2)
except OSError as exc:
    print("blocked:", "offline test run" in str(exc))
try:
    socket.getaddrinfo("example.org", 443)
except OSError as exc:
    print("dns blocked:", "offline test run" in str(exc))
"""


def test_guard_blocks_internet_and_allows_loopback(tmp_path):
    log = tmp_path / "guard.log"
    env = dict(
        os.environ,
        REPRO_OFFLINE="1",
        REPRO_OFFLINE_LOG=str(log),
        PYTHONPATH=GUARD + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.split("\n")[:3] == ["loopback ok", "blocked: True", "dns blocked: True"]
    assert log.read_text().strip().isdigit()


def test_guard_is_inactive_without_the_flag():
    env = dict(os.environ, PYTHONPATH=GUARD)
    env.pop("REPRO_OFFLINE", None)
    code = "import socket; print(socket.socket.connect.__qualname__)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "socket.connect"
