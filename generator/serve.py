"""Serving a built site on this machine, to look at it as GitHub Pages serves it."""
from __future__ import annotations

import functools
import http.server
from pathlib import Path
from typing import Any

from .errors import InputError
from .project import Project


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves like GitHub Pages: a missing path gets the site's 404.html (which also leads arXiv-id
    addresses to their paper), with status 404. Quiet unless asked: no line per request."""

    log = False

    def log_message(self, format: str, *args: Any) -> None:
        if self.log:
            super().log_message(format, *args)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def site_server(site: Path, host: str, port: int, log: bool = False) -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (SiteHandler,), {"log": log})
    return http.server.ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(site)))


def open_server(project: Project, host: str, port: int, log: bool) -> http.server.ThreadingHTTPServer:
    """The project's site server, its port taken: `serve` opens it before building, so that a port in
    use is said at once, in one line, rather than after the build as a traceback."""
    try:
        return site_server(project.site, host, port, log)
    except OSError as e:  # in use, not ours to take (below 1024), no such address
        raise InputError("--port", f"cannot serve on {host}:{port} ({e.strerror or e})",
                         f"stop what holds it, or serve on another port: --port {port + 1} "
                         f"(with make: make serve PORT={port + 1})") from None


def serve_site(server: http.server.ThreadingHTTPServer, project: Project) -> None:
    """Serve until Ctrl+C."""
    host, port = str(server.server_address[0]), server.server_port
    print(f"Serving {project.site} on http://{host}:{port}/ (Ctrl+C stops)", flush=True)
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
