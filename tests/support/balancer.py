"""A real nginx in front of several app instances, configured as the README says: ip_hash, websocket upgrades."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from tests.support.browser import free_port

CONFIG = """\
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    # The upstream that served each request, so a test knows which instance its browser sticks to.
    log_format upstream '$upstream_addr|$request';
    access_log {folder}/access.log upstream;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    upstream elicit {{
        ip_hash;  # sticky sessions: Streamlit keeps a browser's session in one instance's memory
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://elicit;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;  # with its port: the app compares it with the Origin
            proxy_read_timeout 1h;
            proxy_buffering off;  # nothing buffered to disk, where nginx's workers may not write
        }}
    }}
}}
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (str(Path("/usr/sbin/nginx")) if Path("/usr/sbin/nginx").exists() else None)


@contextmanager
def nginx(upstreams: list[str]):
    """nginx on a free port in front of `upstreams` ("127.0.0.1:PORT"); yields its base URL and access log."""
    folder, port = Path(tempfile.mkdtemp(prefix="elicit-nginx-")), free_port()
    servers = "\n".join(f"        server {upstream};" for upstream in upstreams)
    (folder / "nginx.conf").write_text(CONFIG.format(folder=folder, port=port, servers=servers))
    process = subprocess.Popen([nginx_binary(), "-p", str(folder), "-c", str(folder / "nginx.conf"),
                                "-e", str(folder / "error.log"), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        _wait_listening(port, process, folder)
        yield f"http://127.0.0.1:{port}", folder / "access.log"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_listening(port: int, process: subprocess.Popen, folder: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {(folder / 'error.log').read_text()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nginx did not listen within {seconds:.0f} s")


def upstreams_used(access_log: Path, since: int = 0) -> list[str]:
    """The instance ("127.0.0.1:PORT") that answered each plain HTTP request logged from line `since` on.

    A request nginx had to retry elsewhere is logged with every address it tried ("A, B"); the last one
    answered. Websockets are left out: one is logged only when it closes, which for the websocket of a
    killed instance is after the kill.
    """
    lines = [line.split("|", 1) for line in access_log.read_text().splitlines()[since:] if "|" in line]
    return [addresses.split(", ")[-1] for addresses, request in lines if "/_stcore/stream" not in request]
