"""The site build: MkDocs over docs/, then serving the result."""
from __future__ import annotations

import functools
import http.server
import subprocess
import sys

from .errors import InputError
from .project import Project


def build_site(project: Project) -> None:
    """`mkdocs build --strict` into site/. A warning fails the build, as it does in CI."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
           "--config-file", str(project.mkdocs_yml), "--site-dir", str(project.site)]
    result = subprocess.run(cmd, cwd=project.root, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise InputError(project.mkdocs_yml, "mkdocs build failed: " + " | ".join(detail[-5:]),
                         "fix what MkDocs reports")


def serve_site(project: Project, host: str, port: int) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(project.site))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        print(f"Serving {project.site} on http://{host}:{port}/ (Ctrl+C stops)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
