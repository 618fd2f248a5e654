"""The one error path of the CLI: failures a user can act on, and the wrapper that prints any failure as one line."""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from urllib.parse import quote, quote_plus

import click

F = TypeVar("F", bound=Callable[..., Any])


class ArchiverError(Exception):
    """A failure the user can act on; its message is the one line they see (collect, release, publish, ...)."""


class UserError(click.ClickException):
    """Printed as `error: …` on one line, exit 1."""

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {printable(self.format_message())}", err=True)


# C0 and C1 controls, the bidi embeddings, overrides and isolates, and the line and paragraph separators:
# in a file name (or a line quoted from a file) they would split a message into lines that look like our
# own, restyle the terminal, or show its text in another order than it has.
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_VISIBLE = {
    code: _SHORT.get(chr(code)) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    for code in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029]
}


def printable(text: str) -> str:
    """`text` for a message: each control character written as its escape (`\\r`, `\\x1b`, `\\u202e`)."""
    return text.translate(_VISIBLE)


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`1 file`, `2 files`: a count with its noun in the right number (`plural` where an added s is wrong)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def not_a_release(path: object, why: str = "") -> str:
    """The one message every command gives for a path that is not a release (verify, diff, restore, publish, ...)."""
    return f"{path}: not a release (expected a NAME-VERSION/ folder with manifest.json, or its .tar){why}"


# Whatever looks like a credential, even one we were not told about: a bearer header, a Hugging Face token.
_CREDENTIAL = re.compile(r"((?i:bearer)\s+)[^\s'\",;]+|\bhf_[A-Za-z0-9]{4,}")


def secret_forms(secret: str) -> set[str]:
    """A secret as it may show in a message: as is, stripped, and escaped as repr, JSON or a URL would."""
    forms = set()
    for text in {secret, secret.strip()}:
        forms |= {
            text,
            repr(text)[1:-1],
            ascii(text)[1:-1],
            repr(text.encode("utf-8", "surrogateescape"))[2:-1],
            json.dumps(text)[1:-1],
            json.dumps(text, ensure_ascii=False)[1:-1],
            quote(text, safe=""),
            quote_plus(text),
        }
    return {form for form in forms if len(form) >= 4}  # a token of 1-3 characters would redact half the text


def redact(message: str, secrets: Iterable[str | None]) -> str:
    """`message` with every form of every secret, and anything shaped like a credential, replaced by ***.

    Call it before cutting a message short: cut first, and the piece of a secret before the cut stays.
    """
    forms = set().union(*(secret_forms(secret) for secret in secrets if secret))
    for form in sorted(forms, key=len, reverse=True):  # longest first: an escaped form holds the plain one
        message = message.replace(form, "***")
    return _CREDENTIAL.sub(lambda match: f"{match.group(1) or ''}***", message)


def one_line_errors(function: F) -> F:
    """Turn any failure into one clear line: the user gets a message, never a traceback (nor a token)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        secrets = [kwargs.get("token"), os.environ.get("HF_TOKEN")]
        try:
            return function(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except ArchiverError as error:
            raise UserError(redact(str(error), secrets)) from None
        except KeyboardInterrupt:
            raise UserError("interrupted") from None
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            raise UserError(redact(f"{where}{error.strerror or error}", secrets)) from None
        except Exception as error:  # noqa: BLE001 - the last line of defence against tracebacks
            raise UserError(redact(f"{type(error).__name__}: {error}", secrets)) from None

    return wrapper  # type: ignore[return-value]
