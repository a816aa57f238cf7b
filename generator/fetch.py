"""Fetching a day's listing from the Hugging Face API. Never hangs, never shows a traceback: bad
arguments, an unreachable or slow server and a malformed answer are each one InputError.

Polite: one request at a time; a 429 waits as long as its Retry-After asks, and a 5xx or a timeout
is tried again after a growing pause, a bounded number of times (`PATIENCE`)."""
from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import IO

from .errors import InputError
from .model import Digest
from .readers import hfapi

DEFAULT_API = "https://huggingface.co"
MAX_TIMEOUT_S = 600.0  # a daily job still waiting after ten minutes has hung: say so instead
MAX_BODY_BYTES = 50_000_000  # a day's listing is well under 1 MB; anything this big is not one
READ_BYTES = 64 * 1024  # the body is read piece by piece, so the size cap holds as it arrives
SHOWN_CHARS = 200  # how much of a URL or of a server's words a message quotes
DEFAULT_PORTS = {"http": 80, "https": 443}
UNREACHABLE_HINT = "check the network connection and --api-url (it waited {timeout:g} s at most)"
MALFORMED_HINT = "check that --api-url is the Hugging Face API, or try again later"

Origin = tuple[str, str, int]  # scheme, host, port: what a redirect may not change


@dataclass(frozen=True)
class Patience:
    """How hard a request tries before its day is reported as failed."""

    attempts: int = 4
    backoff_s: float = 2.0  # the pause after the first failure, doubled after each one
    longest_wait_s: float = 300.0  # a Retry-After beyond this stops the run: the API asks for a break
    # Requests failing one after another, each after its own tries: the API is down, not one answer
    # bad; a run of many requests stops there rather than wait out each one's tries.
    give_up_after: int = 3


PATIENCE = Patience()


@dataclass
class Transient(InputError):
    """A failure another try may not meet: a timeout, a 5xx, a 429 (with the wait it asked for)."""

    retry_after: float | None = None


class AskedToWait(InputError):
    """The API asks to wait longer than a run should: fetching stops, to go on in a later run."""


def check_request(api_url: str, timeout: float) -> Origin:
    """--api-url's origin, once both options are checked; an InputError names the bad one."""
    origin = _checked_api_url(api_url)
    if not 0 < timeout <= MAX_TIMEOUT_S:  # nan compares false, so it is refused too
        raise InputError("--timeout", f"{timeout:g} is not a usable number of seconds",
                         f"give how long to wait for the whole answer: above 0, at most {MAX_TIMEOUT_S:g}")
    return origin


def fetch_digest(api_url: str, date: dt.date, timeout: float) -> Digest:
    """The API's daily papers of `date`, read as a digest; an InputError says why not (NothingListed
    for a day with no papers, AskedToWait when the API asks for a long break)."""
    origin = check_request(api_url, timeout)
    url = f"{api_url.rstrip('/')}/api/daily_papers?date={date.isoformat()}"
    return hfapi.parse(get_text(url, origin, timeout), url, date)


def get_text(url: str, origin: Origin, timeout: float) -> str:
    """The UTF-8 text at `url` on the API (origin: check_request's), asked for as PATIENCE allows."""
    body = _patiently(url, origin, timeout)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(url, "answered with something that is not UTF-8 text", "check --api-url") from None


def _checked_api_url(api_url: str) -> Origin:
    """--api-url's origin; an InputError unless it is a plain http(s) base URL."""
    try:
        parts, origin = urllib.parse.urlsplit(api_url), _origin(api_url)
    except ValueError as e:  # e.g. "http://[::1" or a port out of range
        problem = f"is not a URL ({e})"
    else:
        # urlsplit drops tabs and newlines silently, and http.client can't send non-ASCII: check the text.
        problem = ("is not an http:// or https:// URL" if parts.scheme not in DEFAULT_PORTS
                   else "has no host" if not parts.hostname
                   else "has a query or a fragment (?, #)" if parts.query or parts.fragment
                   else "has spaces, control or non-ASCII characters (write a host name in its xn-- form)"
                   if not (api_url.isascii() and api_url.isprintable() and " " not in api_url)
                   else "")
        if not problem:
            return origin
    raise InputError("--api-url", f"'{_shown(api_url)}' {problem}",
                     f"give the API's base URL, e.g. {DEFAULT_API}")


def _patiently(url: str, origin: Origin, timeout: float) -> bytes:
    """The body at `url`, tried again as PATIENCE allows when the failure may pass."""
    for attempt in range(1, PATIENCE.attempts + 1):
        try:
            return _download(url, origin, timeout)
        except Transient as e:
            if attempt == PATIENCE.attempts:
                raise
            wait = max(PATIENCE.backoff_s * 2 ** (attempt - 1), e.retry_after or 0)
            if wait > PATIENCE.longest_wait_s:
                raise AskedToWait(url, f"the API asks to wait {wait:g} s before the next request",
                                  "run the same command again later: it goes on from this day") from None
            time.sleep(wait)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _download(url: str, origin: Origin, timeout: float) -> bytes:
    """The body at `url`, within `timeout` seconds in all.

    Socket timeouts bound each read, not the whole request: a server trickling a byte a second
    never trips them, and the name lookup ignores them. So the request runs in a daemon thread that
    is given up on at the deadline; it stops by itself at its next body read past the deadline (or
    its next socket timeout), and with the process anyway."""
    deadline = time.monotonic() + timeout
    outcome: list[bytes | Exception] = []

    def run() -> None:
        try:
            outcome.append(_get(url, origin, timeout, deadline))
        except Exception as e:  # handed to the caller's thread, to be explained there
            outcome.append(e)

    worker = threading.Thread(target=run, name="fetch", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        raise Transient(url, "cannot be reached (timed out)", UNREACHABLE_HINT.format(timeout=timeout))
    if isinstance(outcome[0], bytes):
        return outcome[0]
    raise _explained(outcome[0], url, timeout) from None


def _get(url: str, origin: Origin, timeout: float, deadline: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "daily-papers-archive", "Accept": "application/json"})
    with urllib.request.build_opener(_SameHostRedirects(origin)).open(request, timeout=timeout) as response:
        declared = response.headers.get("Content-Length")
        if declared is not None and not re.fullmatch(r"[0-9]+", declared.strip()):
            raise malformed(url, f"Content-Length '{_shown(declared)}' is not a number of bytes")
        expected = response.length  # the announced size; None if chunked
        if expected is not None and expected > MAX_BODY_BYTES:
            raise _too_large(url)
        body = bytearray()
        while chunk := response.read1(READ_BYTES):  # read1: whatever has arrived, so the deadline is seen
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                raise _too_large(url)
            if time.monotonic() > deadline:  # the caller gave up: stop downloading too
                raise TimeoutError("timed out")
        if expected is not None and len(body) < expected:  # http.client stops quietly at a short body
            raise http.client.IncompleteRead(bytes(body), expected - len(body))
        return bytes(body)


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects within --api-url's scheme, host and port only: an answer from elsewhere is
    not the API's, and the user may not want their request sent there."""

    def __init__(self, origin: Origin) -> None:
        self.origin = origin

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: http.client.HTTPMessage, newurl: str) -> urllib.request.Request | None:
        if _origin(newurl) != self.origin:  # a ValueError (a bad port) is a malformed answer
            raise InputError(req.full_url, f"redirects to another host ({_shown(newurl)}); not followed",
                             "if that is where the API now is, give it as --api-url")
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def http_error_302(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                       headers: http.client.HTTPMessage) -> object:
        try:
            return super().http_error_302(req, fp, code, msg, headers)
        except Exception:
            fp.close()  # urllib leaves the redirect's own answer open when it fails (a bad Location)
            raise

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302  # as urllib's


def _origin(url: str) -> Origin:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.hostname or "", parts.port or DEFAULT_PORTS.get(parts.scheme, 0)


def _explained(e: Exception, url: str, timeout: float) -> Exception:
    """The InputError a failed request means; anything unforeseen as it is (a bug to see)."""
    if isinstance(e, urllib.error.HTTPError):
        problem, hint = f"the API answered {e.code} {_shown(str(e.reason))}", "try again later, or check --api-url"
        if e.code == 429 or e.code >= 500:  # too many requests, or the server's own trouble: both pass
            return Transient(url, problem, hint, retry_after=_retry_after(e.headers.get("Retry-After")))
        return InputError(url, problem, hint)
    if isinstance(e, (urllib.error.URLError, OSError)):
        reason = getattr(e, "reason", None) or e
        problem, hint = f"cannot be reached ({_shown(str(reason))})", UNREACHABLE_HINT.format(timeout=timeout)
        return Transient(url, problem, hint) if isinstance(reason, TimeoutError) else InputError(url, problem, hint)
    if isinstance(e, http.client.BadStatusLine):
        return malformed(url, f"bad status line '{_shown(str(e))}'")
    if isinstance(e, (http.client.HTTPException, ValueError, OverflowError)):
        return malformed(url, _shown(str(e)) or type(e).__name__)
    return e


def _retry_after(value: str | None) -> float | None:
    """A Retry-After header's wait in seconds (it gives seconds or an HTTP date); None if it has none."""
    if value is None:
        return None
    if re.fullmatch(r"[0-9]{1,9}", value.strip()):
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # HTTP dates are in GMT
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def malformed(url: str, detail: str) -> InputError:
    """The error for an answer that is not what the API sends."""
    return InputError(url, f"the API's answer was malformed ({detail})", MALFORMED_HINT)


def _too_large(url: str) -> InputError:
    return InputError(url, f"the API's answer is too large (over {MAX_BODY_BYTES:,} bytes)", MALFORMED_HINT)


def _shown(text: str) -> str:
    """`text` safe to quote in a one-line message: no control characters, not too long."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= SHOWN_CHARS else flat[:SHOWN_CHARS] + "…"
