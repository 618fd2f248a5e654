"""The publish token never shows, on any error path; a pasted token is cleaned or refused; the tag anchors the release.

Against the local stand-in of the Hub (tests/hubstandin.py), in process and through the real command.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import quote

import pytest

from archiver.errors import redact
from archiver.publish import PublishError, publish
from tests import test_publish
from tests.conftest import run_cli
from tests.hubstandin import StandIn
from tests.test_publish import REPO_ID, TOKEN, make_release, run, run_command

hub = test_publish.hub  # the stand-in fixture, shared


def assert_hidden(text: str, token: str = TOKEN) -> None:
    """Neither the token nor a telling piece of it (its start, its end) is in `text`."""
    for form in {token, token.strip(), token.strip()[:10], token.strip()[-10:], quote(token.strip(), safe="")}:
        assert form not in text, form


def test_a_long_error_that_echoes_the_token_is_redacted_before_it_is_cut(hub: StandIn, tmp_path: Path) -> None:
    release = make_release(tmp_path)
    for route in ("create_repo", "commit", "tag"):  # before anything, at the commit, at the tag
        hub.fail(route, "echo")
        with pytest.raises(PublishError) as caught:
            run(hub, release)
        message = str(caught.value)
        assert message.startswith("BadRequestError: Bad request") and message.endswith("..."), message
        assert "xxxx rejected header Bearer " in message  # the token sat across the cut at 500 characters
        assert_hidden(message)


def test_the_command_hides_an_echoed_token_in_every_form(hub: StandIn, tmp_path: Path) -> None:
    release = make_release(tmp_path / "dist")
    hub.fail("repo_info", "echo")
    done = run_command(hub, tmp_path / "home", str(release), "--repo-id", REPO_ID, "--token", TOKEN, token_env=None)
    assert done.returncode == 1 and done.stderr.startswith("error: ") and done.stderr.count("\n") == 1
    assert_hidden(done.stdout + done.stderr)


@pytest.mark.parametrize("pasted", [TOKEN + "\n", TOKEN + "\r\n", f"  {TOKEN}\t"])
def test_a_pasted_token_with_white_space_around_it_works(hub: StandIn, tmp_path: Path, pasted: str) -> None:
    release = make_release(tmp_path / "dist")
    by_option = run_command(hub, tmp_path / "h", str(release), "--repo-id", REPO_ID, "--token", pasted, token_env=None)
    assert by_option.returncode == 0, by_option.stderr
    by_env = run_command(hub, tmp_path / "h", str(release), "--repo-id", REPO_ID, token_env=pasted)
    assert by_env.returncode == 0 and "nothing to do" in by_env.stdout, by_env.stderr
    for done in (by_option, by_env):
        assert_hidden(done.stdout + done.stderr)


@pytest.mark.parametrize(
    ("bad", "kind"),
    [
        (TOKEN[:10] + "\r\n" + TOKEN[10:], "a line break"),
        (TOKEN[:10] + "\n" + TOKEN[10:], "a line break"),
        (TOKEN[:10] + " " + TOKEN[10:], "a space or control character"),
        (TOKEN[:10] + "\x00" + TOKEN[10:], "a space or control character"),
        (TOKEN[:10] + "é" + TOKEN[10:], "a non-ASCII character"),
    ],
)
def test_a_token_that_cannot_be_a_header_is_refused_without_showing_it(
    hub: StandIn, tmp_path: Path, bad: str, kind: str
) -> None:
    release = make_release(tmp_path / "dist")
    for source, args, env in (
        ("--token", ("--token", bad), None),
        ("HF_TOKEN", (), bad),
    ):
        if "\x00" in bad:
            continue  # no process argument or environment variable can hold a NUL; the API call below covers it
        done = run_command(hub, tmp_path / "h", str(release), "--repo-id", REPO_ID, *args, token_env=env)
        assert done.returncode == 1, done.stdout
        assert done.stderr == (
            f"error: the token from {source} holds {kind} (character 11 of {len(bad.strip())}), which cannot go "
            "in an HTTP header: copy the token again\n"
        )
        assert_hidden(done.stdout + done.stderr, bad)
    with pytest.raises(PublishError, match=kind) as caught:
        publish(release, REPO_ID, token=bad, endpoint=hub.url, echo=lambda _: None)
    assert_hidden(str(caught.value), bad)
    assert hub.requests == []  # refused before anything was sent


def test_redact_covers_escaped_and_partial_forms() -> None:
    secret = TOKEN + "\r\n"
    text = " | ".join([repr(secret), json.dumps(secret), quote(secret), f"Bearer {TOKEN[:8]}", TOKEN[:9], secret])
    hidden = redact(text, [secret])
    assert_hidden(hidden)
    assert "\\r" not in hidden and "%0D" not in hidden and hidden.count("***") == 6


def test_the_tag_message_records_the_top_digest(hub: StandIn, tmp_path: Path) -> None:
    release = make_release(tmp_path)
    result, lines = run(hub, release)
    assert result.status == "published"
    digest = hashlib.sha256((release / "SHA256SUMS").read_bytes()).hexdigest()
    message = hub.repo(REPO_ID).tag_messages["v0.1.0"]
    assert message == f"demo 0.1.0\ntop digest (sha256 of SHA256SUMS): {digest}"
    recorded = message.rsplit(" ", 1)[1]
    assert run_cli("verify", "--expect", recorded, str(release)).returncode == 0
    head = hub.repo(REPO_ID).history()[0]
    assert head.summary == "Release demo 0.1.0"
    assert_hidden("\n".join(lines))
