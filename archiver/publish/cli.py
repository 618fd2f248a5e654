"""`archiver publish`: a thin click layer over `archiver.publish.publish`; errors are one line, never a traceback.

Registered on the main group by `archiver.cli`; it shares the CLI's one error path (`archiver.errors`),
which also keeps the token out of any message.
"""

from __future__ import annotations

from pathlib import Path

import click

from archiver.errors import one_line_errors
from archiver.progress import enabled, quiet_option
from archiver.publish.hub import publish, release_repo_id


@click.command("publish")
@click.argument("release", type=click.Path(path_type=Path))
@click.option(
    "--repo-id",
    default=None,
    metavar="ORG/NAME",
    help="The dataset repo on the Hub (default: the hub_repo_id the release was built with).",
)
@click.option("--private", is_flag=True, help="Create the repo private (an existing public repo is refused).")
@click.option("--dry-run", is_flag=True, help="Print the plan (files, sizes, sha256, commit, tag); send nothing.")
@click.option(
    "--token",
    default=None,
    metavar="TOKEN",
    help="Hugging Face token; default HF_TOKEN, then the `hf auth login` token. Prefer those: "
    "a token on the command line shows in process listings.",
)
@quiet_option
@one_line_errors
def publish_command(release: Path, repo_id: str | None, private: bool, dry_run: bool, token: str | None) -> None:
    """Upload RELEASE (a verified NAME-VERSION/ folder) as one commit, checked, then tagged vX.Y.Z."""
    if not enabled():  # the Hub client's own upload bars follow the same rule as ours
        from huggingface_hub.utils import disable_progress_bars

        disable_progress_bars()
    publish(
        release, repo_id or release_repo_id(release), private=private, dry_run=dry_run, token=token, echo=click.echo
    )


if __name__ == "__main__":  # `python -m archiver.publish.cli`
    publish_command()
