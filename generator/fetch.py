"""Fetching a day's listing from the Hugging Face API. Never hangs: every request has a timeout."""
from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request

from .errors import InputError
from .model import Digest
from .readers import hfapi

DEFAULT_API = "https://huggingface.co"


def fetch_digest(api_url: str, date: dt.date, timeout: float) -> Digest:
    """The API's daily papers of `date`, read as a digest; an InputError says why not."""
    url = f"{api_url.rstrip('/')}/api/daily_papers?date={date.isoformat()}"
    request = urllib.request.Request(url, headers={"User-Agent": "daily-papers-archive", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as e:
        raise InputError(url, f"the API answered {e.code} {e.reason}", "try again later, or check --api-url") from None
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", None) or e
        raise InputError(url, f"cannot be reached ({reason})",
                         f"check the network connection and --api-url (it waited {timeout:g} s at most)") from None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(url, "answered with something that is not UTF-8 text", "check --api-url") from None
    return hfapi.parse(text, url, date)
