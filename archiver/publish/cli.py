"""`archiver publish`: a thin click layer over `archiver.publish.publish`; errors are one line, never a traceback.

The lead registers it on the main group with `main.add_command(publish_command)`. It does not import
`archiver.cli` (which imports this module to register it), so it carries its own one-line error.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from archiver.publish.hub import PublishError, publish


class PublishFailed(click.ClickException):
    """Printed as `error: …` on one line, exit 1."""

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


@click.command("publish")
@click.argument("release", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--repo-id", required=True, metavar="ORG/NAME", help="The dataset repo on the Hub.")
@click.option("--private", is_flag=True, help="Create the repo private (an existing public repo is refused).")
@click.option("--dry-run", is_flag=True, help="Print the plan (files, sizes, sha256, commit, tag); send nothing.")
@click.option(
    "--token",
    default=None,
    metavar="TOKEN",
    help="Hugging Face token; default HF_TOKEN, then the `hf auth login` token. Prefer those: "
    "a token on the command line shows in process listings.",
)
def publish_command(release: Path, repo_id: str, private: bool, dry_run: bool, token: str | None) -> None:
    """Upload RELEASE (a verified NAME-VERSION/ folder) as one commit, checked, then tagged vX.Y.Z."""
    try:
        publish(release, repo_id, private=private, dry_run=dry_run, token=token, echo=click.echo)
    except PublishError as error:
        raise PublishFailed(str(error)) from None
    except KeyboardInterrupt:
        raise PublishFailed("interrupted") from None
    except Exception as error:  # noqa: BLE001 - the last line of defence against tracebacks
        # publish() already turned every client error into a redacted PublishError; what is left comes from
        # reading the local release. Redacted all the same: the token must never reach the terminal.
        message = f"{type(error).__name__}: {error}"
        for secret in filter(None, (token, os.environ.get("HF_TOKEN"))):
            message = message.replace(secret, "***")
        raise PublishFailed(message) from None


if __name__ == "__main__":  # `python -m archiver.publish.cli`, for tests until the command is registered
    publish_command()
