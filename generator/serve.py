"""Serving a built site on this machine, to look at it."""
from __future__ import annotations

import functools
import http.server

from .project import Project


def serve_site(project: Project, host: str, port: int) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(project.site))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        print(f"Serving {project.site} on http://{host}:{port}/ (Ctrl+C stops)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
