"""`fetch` against bad arguments and misbehaving servers: each is one line of error, exit 1, nothing
written, and no wait past --timeout. The servers are raw sockets on 127.0.0.1, free to break HTTP."""
import socket
import socketserver
import threading
import time
from collections.abc import Callable

import pytest

from conftest import FIXTURES
from generator import fetch

LISTING = (FIXTURES / "api" / "2025-11-18.json").read_bytes()
DAY = "2025-11-18"
TRICKLE_S = 8
CLOSED = "http://127.0.0.1:9"  # nothing listens there; arguments are refused before any request

# An answer: given the request's first line, the connection and an event set when the test ends.
Answer = Callable[[bytes, socket.socket, threading.Event], None]


def sends(data: bytes) -> Answer:
    """An answer that sends `data` and closes the connection."""
    return lambda request, conn, stop: conn.sendall(data)


def trickles(head: bytes) -> Answer:
    """An answer that sends `head`, then one byte a second until the test ends, or for TRICKLE_S at
    most: a fetch that fails to time out then fails its test instead of hanging it."""
    def answer(request, conn, stop):
        conn.sendall(head)
        for _ in range(TRICKLE_S):
            if stop.wait(1):
                return
            conn.sendall(b"a")
    return answer


def ok(body: bytes, *headers: str) -> bytes:
    return b"".join([b"HTTP/1.1 200 OK\r\n", *(f"{h}\r\n".encode() for h in headers), b"\r\n", body])


@pytest.fixture
def raw():
    """Starts a raw HTTP server on 127.0.0.1 that answers every request with the answer given;
    returns its base URL. Stopped, and its trickles ended, when the test ends."""
    stop = threading.Event()
    servers = []

    def start(answer: Answer) -> str:
        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                request = b""
                while b"\r\n\r\n" not in request and len(request) < 65536:
                    if not (data := self.request.recv(4096)):
                        return
                    request += data
                try:
                    answer(request.split(b"\r\n")[0], self.request, stop)
                except OSError:  # the client gave up, as the timeout tests intend
                    pass

        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    stop.set()
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def no_retries(monkeypatch):
    """One request: each fault's own message (a timeout or a 5xx is otherwise tried again)."""
    monkeypatch.setattr(fetch, "PATIENCE", fetch.Patience(attempts=1))


def fails(project, *args: str, within: float = 5) -> str:
    """Runs fetch, which must fail cleanly (one line, exit 1, nothing written) in time; its error."""
    started = time.monotonic()
    result = project.run("fetch", "--date", DAY, *args)
    assert time.monotonic() - started < within
    assert result.code == 1, result.out
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and lines[0].isprintable(), result.err
    assert not project.digests.exists()
    return lines[0]


# 1. Bad arguments: refused before any request, naming the option, with a hint.

@pytest.mark.parametrize("url, expected", [
    ("foo", "'foo' is not an http:// or https:// URL"),
    ("", "'' is not an http:// or https:// URL"),
    ("http://[::1", "is not a URL (Invalid IPv6 URL)"),
    ("ftp://x", "'ftp://x' is not an http:// or https:// URL"),
    ("http://127.0.0.1:99999", "is not a URL (Port out of range"),
    ("http://", "has no host"),
    ("http://127.0.0.1:9/?x=1", "has a query or a fragment"),
    ("http://127.0.0.1:9/a\nb", "has spaces, control or non-ASCII characters"),
])
def test_a_bad_api_url_is_refused(project, url, expected):
    error = fails(project, "--api-url", url, "--timeout", "1")
    assert error.startswith("error: --api-url: ") and expected in error
    assert "give the API's base URL, e.g. https://huggingface.co" in error


@pytest.mark.parametrize("timeout", ["-1", "0", "nan", "inf", "1e300"])
def test_a_bad_timeout_is_refused(project, timeout):
    error = fails(project, "--api-url", CLOSED, "--timeout", timeout)
    assert error.startswith("error: --timeout: ") and "is not a usable number of seconds" in error
    assert "above 0, at most 600" in error


# 2. Malformed answers.

@pytest.mark.parametrize("answer, expected", [
    (ok(b"[1, 2", "Content-Length: 100"), "malformed (IncompleteRead(5 bytes read, 95 more expected))"),
    (b"HTTP/1.1 abc\r\n\r\n", "malformed (bad status line 'HTTP/1.1 abc')"),
    (b"\x1b[31mnot http at all\x00\r\n\r\n", "malformed (bad status line '[31mnot http at all')"),
    (ok(b"[]", "X-Long: " + "a" * 70_000), "malformed (got more than 65536 bytes when reading header line)"),
    (ok(b"[]", *(f"X-{n}: 1" for n in range(101))), "malformed (got more than 100 headers)"),
    (ok(b"[]", "Content-Length: 1e20"), "malformed (Content-Length '1e20' is not a number of bytes)"),
    (ok(b"[]", "Content-Length: 100000000000000000000"), "too large (over 50,000,000 bytes)"),
    (ok(b"zz\r\n", "Transfer-Encoding: chunked"), "malformed (IncompleteRead(0 bytes read))"),
    (ok(b"fffffffffffffffffffff\r\n[]", "Transfer-Encoding: chunked"), "malformed (IncompleteRead"),
    (b"HTTP/1.1 302 Found\r\nLocation: http://[::1\r\n\r\n", "malformed (Invalid IPv6 URL)"),
    (b"HTTP/1.1 302 Found\r\nLocation: http://x:99999/\r\n\r\n", "malformed (Port out of range 0-65535)"),
    (ok(b"\xff\xfe[]"), "answered with something that is not UTF-8 text"),
], ids=["incomplete body", "bad status", "garbage status", "long header", "many headers", "length 1e20",
        "length 1e20 digits", "bad chunk size", "huge chunk size", "location ipv6", "location port", "not utf-8"])
def test_a_malformed_answer_is_one_clear_line(project, raw, answer, expected):
    error = fails(project, "--api-url", raw(sends(answer)), "--timeout", "2")
    assert expected in error, error
    assert "Traceback" not in error


@pytest.mark.parametrize("headers", [("Content-Length: 5000",), ()], ids=["announced", "read"])
def test_an_answer_over_the_size_cap_is_refused(project, raw, monkeypatch, headers):
    monkeypatch.setattr(fetch, "MAX_BODY_BYTES", 1000)
    error = fails(project, "--api-url", raw(sends(ok(b" " * 5000, *headers))), "--timeout", "2")
    assert "the API's answer is too large (over 1,000 bytes)" in error


# 3. --timeout bounds the whole request, not each read.

@pytest.mark.parametrize("head", [
    b"HTTP/1.1 200 OK\r\nX-Slow: ",
    ok(b"[", "Content-Length: 1000"),
], ids=["in the headers", "in the body"])
def test_a_trickling_server_times_out_at_the_deadline(project, raw, head):
    started = time.monotonic()
    error = fails(project, "--api-url", raw(trickles(head)), "--timeout", "2", within=3)
    assert time.monotonic() - started >= 1.9
    assert "cannot be reached (timed out)" in error and "it waited 2 s at most" in error


# 4. Redirects: followed within the API's host, refused elsewhere.

def test_a_redirect_within_the_host_is_followed(project, raw):
    def answer(request, conn, stop):
        if request.startswith(b"GET /api/"):
            conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: /v2" + request.split()[1] + b"\r\n\r\n")
        elif request.startswith(f"GET /v2/api/daily_papers?date={DAY} ".encode()):
            conn.sendall(ok(LISTING, f"Content-Length: {len(LISTING)}"))
    out = project.ok("fetch", "--date", DAY, "--api-url", raw(answer), "--timeout", "2")
    assert "fetched 1 day (2 papers: 2 new, 0 known)" in out


@pytest.mark.parametrize("target", [
    "http://localhost:{port}/api/daily_papers",  # another host name, even for the same machine
    "http://127.0.0.1:{other}/api/daily_papers",
    "https://127.0.0.1:{port}/api/daily_papers",
    "ftp://127.0.0.1/api/daily_papers",
], ids=["host", "port", "scheme https", "scheme ftp"])
def test_a_redirect_to_another_host_is_refused(project, raw, target):
    elsewhere: list[bytes] = []
    other = raw(lambda request, conn, stop: elsewhere.append(request))
    asked: list[bytes] = []

    def answer(request, conn, stop):
        asked.append(request)
        location = target.format(port=api.rsplit(":", 1)[1], other=other.rsplit(":", 1)[1])
        conn.sendall(f"HTTP/1.1 302 Found\r\nLocation: {location}\r\n\r\n".encode())
    api = raw(answer)
    error = fails(project, "--api-url", api, "--timeout", "2")
    location = target.format(port=api.rsplit(":", 1)[1], other=other.rsplit(":", 1)[1])
    assert f"redirects to another host ({location}); not followed" in error
    assert "give it as --api-url" in error
    assert len(asked) == 1 and not elsewhere
