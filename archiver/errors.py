"""The one error path of the CLI: failures a user can act on, and the wrapper that prints any failure as one line."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class ArchiverError(Exception):
    """A failure the user can act on; its message is the one line they see (collect, release, publish, ...)."""


class UserError(click.ClickException):
    """Printed as `error: …` on one line, exit 1."""

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def not_a_release(path: object, why: str = "") -> str:
    """The one message every command gives for a path that is not a release (verify, diff, restore, publish, ...)."""
    return f"{path}: not a release (expected a NAME-VERSION/ folder with manifest.json, or its .tar){why}"


def _redact(message: str, secrets: list[str | None]) -> str:
    for secret in secrets:
        if secret:
            message = message.replace(secret, "***")
    return message


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
            raise UserError(_redact(str(error), secrets)) from None
        except KeyboardInterrupt:
            raise UserError("interrupted") from None
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            raise UserError(_redact(f"{where}{error.strerror or error}", secrets)) from None
        except Exception as error:  # noqa: BLE001 - the last line of defence against tracebacks
            raise UserError(_redact(f"{type(error).__name__}: {error}", secrets)) from None

    return wrapper  # type: ignore[return-value]
