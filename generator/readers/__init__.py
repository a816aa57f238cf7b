"""Readers turn a source file into a Digest: page text now, the API's JSON later."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError

BINARY_NULS = 100  # more than one NUL, and more than one in this many characters: not text


def read_text(path: Path) -> str:
    """A source file's text, or an InputError saying why it cannot be read."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file", "name the digest files themselves") from None
    except OSError as e:
        raise InputError(path, f"cannot be read ({e.strerror})", "check the path and its permissions") from None
    if not data.strip():
        raise InputError(path, "is empty", "paste the Daily Papers page text into it")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if b"\0" in data:
            raise InputError(path, "is a binary file, not page text", "import the .txt copy of the page") from None
        line = data[: e.start].count(b"\n") + 1
        raise InputError(path, f"is not UTF-8 text (byte {data[e.start]:#04x})",
                         "save the file as UTF-8", line) from None
    if text.count("\0") > max(1, len(text) // BINARY_NULS):
        raise InputError(path, "is a binary file, not page text", "import the .txt copy of the page")
    return text  # a stray NUL in text is a control character like any other: the readers drop it
