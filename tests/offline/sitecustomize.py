"""Network guard for offline test runs: put this folder on PYTHONPATH with
REPRO_OFFLINE=1.

Every Python process that starts with it (papermill's kernels included) refuses socket
connections and name look-ups outside the loopback interface, so a chapter that reaches
for the internet fails loudly instead of passing on a machine that happens to be online.
Each guarded process appends its pid to ``$REPRO_OFFLINE_LOG`` when that is set, so a
test can prove the guard was active.
"""

import ipaddress
import os
import socket

if os.environ.get("REPRO_OFFLINE") == "1":
    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex
    _getaddrinfo = socket.getaddrinfo

    def _loopback(host) -> bool:
        if host in ("localhost", "", None):
            return True
        try:
            return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
        except ValueError:
            return False

    def _check(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(
            address[0]
        ):
            raise OSError(f"network access blocked in offline test run: {address!r}")

    def connect(self, address):
        _check(self, address)
        return _connect(self, address)

    def connect_ex(self, address):
        _check(self, address)
        return _connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if not _loopback(host if not isinstance(host, bytes) else host.decode()):
            raise socket.gaierror(f"name look-up blocked in offline test run: {host!r}")
        return _getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo
    log = os.environ.get("REPRO_OFFLINE_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
