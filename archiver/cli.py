"""The `archiver` command: a thin click layer over the Python API; errors are one line, never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from archiver import __version__
from archiver.errors import UserError, counted, one_line_errors, printable
from archiver.generators import GENERATORS
from archiver.progress import quiet_option
from archiver.release.versions import BUMPS, Version, VersionError

if TYPE_CHECKING:  # collect imports the readers, whose patterns take most of a second to compile
    from archiver.collect import CollectSummary

# Options that collect and release share, declared once so their meaning cannot drift apart.
raw_option = click.option(
    "--raw",
    "raw",
    type=click.Path(path_type=Path),
    default=Path("raw"),
    show_default=True,
    help="The archive: a Jekyll, Hexo or Hugo site.",
)
cache_option = click.option(
    "--cache",
    "cache",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build/cache"),
    show_default=True,
    help="Reading cache: rows of files unchanged since the last run are reused from here (safe to delete).",
)
no_cache_option = click.option("--no-cache", is_flag=True, help="Read every file afresh and leave the cache alone.")
allow_no_posts_option = click.option(
    "--allow-no-posts",
    is_flag=True,
    help="Accept a site with no post (none found, or every file rejected); by default that is an error.",
)
generator_option = click.option(
    "--generator",
    type=click.Choice(sorted(GENERATORS)),
    default=None,
    help="Read the site as this generator's (default: detected; see README, Generators).",
)
workers_option = click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Processes to parse with (default: one per core)."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__,
    prog_name="archiver",
    help="Show the tool's own version and exit (a dataset's version is `release --dataset-version`).",
)
def main() -> None:
    """Turn a Jekyll archive of reposted articles into a versioned, checksummed Parquet dataset."""


@main.command("collect")
@raw_option
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Where to write data/posts, data/images and data/rejects.",
)
@click.option("--strict", is_flag=True, help="Exit 1 if any file was rejected.")
@allow_no_posts_option
@generator_option
@workers_option
@cache_option
@no_cache_option
@quiet_option
@one_line_errors
def collect_command(
    raw: Path,
    out: Path,
    strict: bool,
    allow_no_posts: bool,
    generator: str | None,
    workers: int | None,
    cache: Path,
    no_cache: bool,
) -> None:
    """Collect the archive into Parquet tables of posts, images and rejects."""
    from archiver.collect import collect
    from archiver.metadata import ProjectSettings
    from archiver.release.build import find_pyproject

    pyproject = find_pyproject(Path(raw).resolve().parent) or find_pyproject(Path.cwd())
    threshold = ProjectSettings.load(pyproject).duplicate_threshold
    summary = collect(
        raw,
        out,
        workers=workers,
        cache=None if no_cache else cache,
        allow_no_posts=allow_no_posts,
        duplicate_threshold=threshold,
        generator=generator,
    )
    click.echo(format_summary(summary, out))
    if summary.timezone_assumed:
        click.echo(timezone_note(summary), err=True)
    if summary.candidates == 0:
        click.echo(f"warning: {raw} has no files under its post folders", err=True)
    if strict and summary.rejects:
        raise UserError(f"--strict: {counted(sum(summary.rejects.values()), 'file')} rejected (see {out}/data/rejects)")


def rejected_lines(summary: CollectSummary, indent: str) -> list[str]:
    """The files rejected (the first SHOWN_REJECTS of them), one `path:line: reason: message` each."""
    if not summary.first_rejects:
        return []
    shown = len(summary.first_rejects)
    heading = f"first {shown} rejected:" if shown < sum(summary.rejects.values()) else "rejected:"
    return [indent + heading] + [f"{indent}  {printable(line)}" for line in summary.first_rejects]


def format_summary(summary: CollectSummary, out: Path) -> str:
    """The one-screen summary: posts, rejects by reason, images by status, provenance coverage."""
    lines = [
        f"generator   {summary.generator}",
        f"candidates  {summary.candidates}",
        f"posts       {summary.posts}  (reposts {summary.reposts})",
    ]
    rejects = sum(summary.rejects.values())
    lines.append(f"rejects     {rejects}")
    lines += [f"  {reason:26s}{count}" for reason, count in sorted(summary.rejects.items())]
    lines += rejected_lines(summary, "  ")
    lines.append(f"images      {sum(summary.images.values())}")
    lines += [f"  {status:26s}{count}" for status, count in sorted(summary.images.items())]
    lines.append("provenance coverage (posts with a value)")
    for name, count in summary.to_dict()["provenance"].items():
        share = f"{count / summary.posts:.0%}" if summary.posts else "-"
        lines.append(f"  {name:26s}{count:>6}  {share:>4}")
    if summary.duplicates:
        near = summary.duplicates
        lines.append(
            f"near-duplicates {counted(near['near_duplicates'], 'post')} in {counted(near['groups'], 'group')}:"
            f" {near['distinct_articles']} distinct articles"
        )
    lines.append(f"tables      {out}/data/{{posts,images,rejects}}")
    return "\n".join(lines)


@main.command("init")
@click.argument("site", type=click.Path(path_type=Path), default=Path("raw"))
@one_line_errors
def init_command(site: Path) -> None:
    """Write a commented [tool.archiver] configuration and a DATASHEET.md to fill, beside SITE (default raw/).

    Files that exist are kept; a pyproject.toml without the table gets it appended.
    """
    from archiver.init import init

    result = init(site)
    for path in result.written:
        click.echo(f"wrote {path}")
    for path in result.kept:
        click.echo(f"kept {path} (already there)")
    click.echo(f"next: fill both, then `archiver release --raw {site}`")


def _semantic_version(_context: click.Context, _parameter: click.Parameter, value: str | None) -> str | None:
    """A malformed version is a usage error (exit 2), found before anything is read (a click callback)."""
    if value is not None:
        try:
            Version.parse(value)
        except VersionError as error:
            raise click.BadParameter(str(error)) from None
    return value


@main.command("release")
@raw_option
@click.option(
    "--dist",
    "dist",
    type=click.Path(path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Where releases live: DIST/NAME-VERSION/ and DIST/NAME-VERSION.tar.",
)
@click.option(
    "--dataset-version",
    "--version",
    "version",
    metavar="X.Y.Z",
    default=None,
    callback=_semantic_version,
    help="The dataset's version for this release (default: [tool.archiver] version); "
    "not the tool's version, which `archiver --version` prints. --version is the old spelling.",
)
@click.option(
    "--bump",
    type=click.Choice(BUMPS),
    default=None,
    help="Bump the newest release in DIST by this part instead of giving --dataset-version.",
)
@click.option("--name", default=None, help="Dataset name (default: [tool.archiver] name in pyproject.toml).")
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    default=None,
    help="Release folder to write CHANGELOG.md against (default: the newest older release in DIST).",
)
@click.option(
    "--date",
    metavar="YYYY-MM-DD",
    default=None,
    help="Release date (default: SOURCE_DATE_EPOCH, else the date of this version's first build, else today).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 and write no release if any file was rejected (the files are listed).",
)
@allow_no_posts_option
@generator_option
@workers_option
@cache_option
@no_cache_option
@quiet_option
@one_line_errors
def release_command(
    raw: Path,
    dist: Path,
    version: str | None,
    bump: str | None,
    name: str | None,
    previous: Path | None,
    date: str | None,
    allow_no_posts: bool,
    generator: str | None,
    workers: int | None,
    cache: Path,
    no_cache: bool,
    strict: bool,
) -> None:
    """Collect the archive and write a versioned, checksummed, reproducible release.

    The release folder's path is the last line of output.
    """
    import json

    from archiver.documents._common import UNSET_CITATION_FIELDS, unset_citation_fields
    from archiver.documents.datasheet import unfilled_questions
    from archiver.metadata import ProjectSettings, defaulted_fields
    from archiver.release.build import RejectedFiles, build_release, find_pyproject

    pyproject = find_pyproject(Path(raw).resolve().parent) or find_pyproject(Path.cwd())
    settings = ProjectSettings.load(pyproject)
    if name:
        settings.name = name
    template = pyproject.parent / "DATASHEET.md" if pyproject else None
    if template is not None and template.is_file():
        refuse_unfilled(template, unfilled_questions(template.read_text(encoding="utf-8")))
    else:
        click.echo(
            "note: no DATASHEET.md beside the configuration, so the release carries a short datasheet "
            "(`archiver init` writes one to fill)",
            err=True,
        )
    try:
        outcome = build_release(
            raw,
            dist,
            settings=settings,
            version=version,
            bump=bump,
            previous=previous,
            workers=workers,
            datasheet_template=template.read_text(encoding="utf-8") if template and template.is_file() else None,
            echo=click.echo,
            cache=None if no_cache else cache,
            date=date,
            allow_no_posts=allow_no_posts,
            generator=generator,
            strict=strict,
        )
    except RejectedFiles as error:
        for line in rejected_lines(error.summary, "  "):
            click.echo(line, err=True)
        raise UserError(str(error)) from None
    if outcome.summary is not None and outcome.summary.timezone_assumed:
        click.echo(timezone_note(outcome.summary), err=True)
    unset = unset_citation_fields(settings)
    if pyproject is None:
        click.echo(
            f"note: no pyproject.toml with [tool.archiver] above {raw} or here, so the dataset is named "
            f"{settings.name!r} with default metadata, no citation fields and no CITATION.cff "
            "(`archiver init` writes one to fill)",
            err=True,
        )
    else:
        if unset:
            where = (
                "left out of the card and Croissant, and no CITATION.cff is written (the format requires authors)"
                if "authors" in unset
                else "left out of the card, CITATION.cff and Croissant"
            )
            # The configuration exists (init would keep it as it is): say what to add to it, and where.
            keys = ", ".join(f"{key} = {UNSET_CITATION_FIELDS[key]}" for key in unset)
            click.echo(
                f"note: citation fields unset in [tool.archiver]: {', '.join(unset)}; {where} "
                f"(to set them, add to [tool.archiver] in {pyproject}: {keys})",
                err=True,
            )
        defaulted = defaulted_fields(pyproject)
        if defaulted:
            used = ", ".join(f"{key} = {json.dumps(getattr(settings, key), ensure_ascii=False)}" for key in defaulted)
            click.echo(f"note: unset in [tool.archiver], so the documents use the defaults: {used}", err=True)
    if outcome.created and outcome.summary is not None and outcome.summary.rejects:
        # A release ships its rejects as a table; say which files they are, so none goes unnoticed.
        count = sum(outcome.summary.rejects.values())
        click.echo(
            f"note: {counted(count, 'file')} rejected, kept as rows of {outcome.folder}/data/rejects "
            "(path, reason, message, line and the file's bytes)",
            err=True,
        )
        for line in rejected_lines(outcome.summary, "  "):
            click.echo(line, err=True)
    if outcome.created and outcome.nothing_to_bump:
        click.echo(
            f"note: --bump {bump}: no earlier release of {settings.name} in {dist} to bump, "
            f"so this is the first version ({outcome.version})",
            err=True,
        )
    if outcome.created and outcome.unchanged_since:
        click.echo(f"note: no post, image or reject changed since {outcome.unchanged_since}", err=True)
    if outcome.created:
        click.echo(f"released {outcome.folder.name}: {outcome.tarball}")
    click.echo(top_digest_line(outcome.folder))
    if outcome.summary is not None:
        click.echo(summary_line(outcome.summary))
    click.echo(str(outcome.folder))


def refuse_unfilled(template: Path, unfilled: list[tuple[int, str]]) -> None:
    """Refuse a datasheet with questions left to fill, naming every one (file:line), not only the first:
    the user answers them all in one pass instead of one release attempt per question."""
    if len(unfilled) == 1:
        raise UserError(f"{template}:{unfilled[0][0]}: a datasheet question is not answered yet (TO FILL)")
    if unfilled:
        for number, line in unfilled:
            click.echo(printable(f"  {template}:{number}: {line}"), err=True)
        raise UserError(f"{template}: {len(unfilled)} datasheet questions are not answered yet (TO FILL), listed above")


def top_digest_line(folder: Path) -> str:
    """The release's top digest, to be kept outside it: what `verify --expect` checks."""
    from archiver.release.verify import top_digest

    return f"top digest (sha256 of SHA256SUMS): {top_digest(folder)}; keep it: archiver verify --expect DIGEST"


def timezone_note(summary: CollectSummary) -> str:
    where, key = ("hugo.toml", "timeZone") if summary.generator == "hugo" else ("_config.yml", "timezone")
    return (
        f"note: the site's configuration sets no {key}, so dates without one were read in {summary.timezone} "
        f"(set `{key}` in the site's {where} to change it)"
    )


def summary_line(summary: CollectSummary) -> str:
    """The release in one line: posts, rejects, images, provenance coverage."""
    present = summary.images.get("present", 0)
    coverage = summary.to_dict()["provenance"]
    shares = ", ".join(
        f"{label} {coverage[name] / summary.posts:.0%}" if summary.posts else f"{label} -"
        for label, name in (("platform", "source_platform"), ("account", "original_account"), ("url", "original_url"))
    )
    return (
        f"{counted(summary.posts, 'post')} ({counted(summary.reposts, 'repost')}), "
        f"{counted(sum(summary.rejects.values()), 'reject')}, "
        f"{counted(sum(summary.images.values()), 'image')} ({present} present); provenance: {shares}"
    )


@main.command("verify")
@click.argument("release", type=click.Path(path_type=Path))
@click.option(
    "--expect",
    metavar="DIGEST",
    default=None,
    help="The release's top digest (sha256 of its SHA256SUMS) as recorded elsewhere, e.g. in the Hub tag.",
)
@quiet_option
@one_line_errors
def verify_command(release: Path, expect: str | None) -> None:
    """Re-hash every file of RELEASE (folder or tarball), check its manifests, tables and rows' bytes."""
    from archiver.release.verify import verify_release

    problems = verify_release(release, expect)
    if problems:
        for problem in problems:
            click.echo(f"BAD {printable(problem)}")
        raise UserError(f"{release}: {counted(len(problems), 'problem')} found")
    click.echo(f"OK {release}" + (" (top digest as expected)" if expect else ""))


@main.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@one_line_errors
def diff_command(old: Path, new: Path, as_json: bool) -> None:
    """What changed between two releases (folders or tarballs): posts, images and rejects."""
    import json

    from archiver.release.diff import diff_releases, render_text

    changes = diff_releases(old, new)
    if changes.other_dataset:
        click.echo(
            f"warning: {old} and {new} are releases of two datasets ({changes.old_name}, {changes.new_name}), "
            "not two versions of one",
            err=True,
        )
    if as_json:
        click.echo(json.dumps(changes.to_dict(), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        click.echo(render_text(changes), nl=False)


@main.command("duplicates")
@click.argument("release", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the groups as JSON.")
@one_line_errors
def duplicates_command(release: Path, as_json: bool) -> None:
    """Near-duplicate groups of RELEASE (folder, tarball or collect --out), largest first."""
    import json

    from archiver.duplicates import release_groups, render_groups
    from archiver.release.reading import opened

    with opened(release) as folder:
        if not (folder / "data" / "posts").is_dir():
            raise UserError(f"{release}: no data/posts (not a release or collect output)")
        groups, total = release_groups(folder)
    if as_json:
        near = sum(group["size"] - 1 for group in groups)
        document = {"posts": total, "near_duplicates": near, "distinct_articles": total - near, "groups": groups}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        click.echo(render_groups(groups, total), nl=False)


@main.command("restore")
@click.argument("release", type=click.Path(path_type=Path))
@click.argument("out", type=click.Path(path_type=Path))
@quiet_option
@one_line_errors
def restore_command(release: Path, out: Path) -> None:
    """Write the archive back from RELEASE into OUT (an empty or new folder), byte for byte."""
    from archiver.release.restore import restore

    summary = restore(release, out)
    click.echo(
        f"restored {counted(summary.posts, 'post')}, {counted(summary.rejects, 'rejected file')} and "
        f"{counted(summary.images, 'image')} into {out}"
        + (
            printable(
                f" ({counted(summary.skipped_rejects, 'reject')} had no bytes to restore: {summary.skipped_text()})"
            )
            if summary.skipped
            else ""
        )
    )
    if summary.config:
        click.echo(f"wrote {out / summary.config}: the site settings the release records, to read it as the original")


@main.command("stats")
@click.argument("source", metavar="RELEASE_OR_RAW", type=click.Path(path_type=Path, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@quiet_option
@one_line_errors
def stats_command(source: Path, as_json: bool) -> None:
    """The numbers of a release (folder or tarball), a collect output or a site.

    Posts, date range, posts per platform, top accounts and outlets, originals marked deleted,
    provenance coverage, images by status, rejects by reason: the numbers of the datasheet and figures.
    """
    import json

    from archiver.stats import dataset_stats, render_text, tables_of

    with tables_of(source) as (folder, timezone):
        stats = dataset_stats(folder, timezone)
    if as_json:
        click.echo(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(stats, str(source)), nl=False)


@main.command("show")
@click.argument("release", type=click.Path(path_type=Path, exists=True))
@click.argument("post", metavar="POST_ID|PATH")
@click.option("--json", "as_json", is_flag=True, help="Print the post as JSON.")
@one_line_errors
def show_command(release: Path, post: str, as_json: bool) -> None:
    """One post of RELEASE with the evidence line of each provenance value.

    Title, date, path, each provenance value with the line it was read from (number, text, rule),
    its images with their status and the first lines of its text. POST is a post_id, a path, or the
    end of a path (a file name) that only one post has.
    """
    import json

    from archiver.release.reading import opened
    from archiver.show import post_view, render_text

    with opened(release) as folder:
        view = post_view(folder, post)
    if as_json:
        click.echo(json.dumps(view, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(view), nl=False)


@main.command("rebuild")
@click.argument("release", type=click.Path(path_type=Path))
@click.option(
    "--raw",
    "raw",
    type=click.Path(path_type=Path),
    default=None,
    help="Build from this site instead of the raw files restored from the release.",
)
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    default=None,
    help="The previous release, to rebuild CHANGELOG.md too (else it is taken from RELEASE).",
)
@workers_option
@quiet_option
@one_line_errors
def rebuild_command(release: Path, raw: Path | None, previous: Path | None, workers: int | None) -> None:
    """Build RELEASE again from its own raw files and recorded settings, and compare it file by file.

    Prints `identical` (exit 0), or each differing file with its likely cause: writer version, tool
    version, rule data, raw tree (exit 1). RELEASE is a release folder, its tarball, or a Hub tag
    downloaded to a folder.
    """
    from archiver.release.rebuild import rebuild

    report = rebuild(release, raw, previous=previous, workers=workers, echo=lambda line: click.echo(line, err=True))
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    if report.identical:
        click.echo(f"identical: {report.files} files, byte for byte ({release})")
        return
    for path, cause in report.differing.items():
        click.echo(f"DIFFERS {printable(f'{path}: {cause}')}")
    raise UserError(f"{release}: the rebuild differs in {len(report.differing)} of {counted(report.files, 'file')}")


from archiver.publish.cli import publish_command  # noqa: E402 - registered last, like the commands above

main.add_command(publish_command)

# What `--help` of each command ends with: the exit codes, the same for all, and one example.
EXAMPLES = {
    "collect": "archiver collect --raw raw --out build --strict",
    "release": "archiver release --raw raw --dist dist --bump minor",
    "verify": "archiver verify dist/terminus-archive-0.1.0.tar",
    "diff": "archiver diff dist/terminus-archive-0.1.0 dist/terminus-archive-0.2.0 --json",
    "duplicates": "archiver duplicates dist/terminus-archive-0.1.0 --json",
    "restore": "archiver restore dist/terminus-archive-0.1.0 restored",
    "stats": "archiver stats dist/terminus-archive-0.1.0 --json",
    "show": "archiver show dist/terminus-archive-0.1.0 2021-09-07-qingdao-antifraud-joint-meeting.md",
    "rebuild": "archiver rebuild dist/terminus-archive-0.1.0.tar",
    "publish": "archiver publish dist/terminus-archive-0.1.0 --dry-run",
    "init": "archiver init raw",
}
EXIT_CODES = (
    "Exit codes: 0 done; 1 failed or found a problem (one line on stderr says what); "
    "2 usage error (unknown option, missing argument)."
)
for _name, _command in main.commands.items():
    # \b keeps click from rewrapping the example line.
    _example = f"\n\n\b\nExample:\n  {EXAMPLES[_name]}" if _name in EXAMPLES else ""
    _command.epilog = EXIT_CODES + _example
main.epilog = EXIT_CODES  # `archiver --help` too: the README says every --help ends with them

# `archiver --help` lists each command with the first line of its help, whole: click would cut it at the
# terminal's width with "...".
for _command in main.commands.values():
    if _command.help and not _command.short_help:
        _command.short_help = " ".join(_command.help.strip().split("\n\n")[0].split())

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
