"""A release's statistics, counted from its Parquet tables: the one source of `archiver stats`, the
datasheet's numbers and the figures, so the three cannot disagree.

`dataset_stats(folder)` reads only the narrow columns it counts (never `raw`, `body` or image bytes).
"""

from __future__ import annotations

import contextlib
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa

from archiver.collect import PROVENANCE_FIELDS
from archiver.errors import counted, printable
from archiver.parse.config import SiteConfigError, check_timezone
from archiver.release.reading import ReleaseError, column_names, manifest, opened, read_table, shards

TOP = 15  # accounts and outlets listed by name
# Buckets for posts without a value, in text and JSON alike: words no real value can be (a platform is
# one of the fixed names, a month is YYYY-MM), saying what is missing rather than looking like a value.
NO_PLATFORM = "unknown"  # source_platform is null: not stated in a form the rules read
NO_DATE = "undated"


@dataclass
class DatasetStats:
    """Counts of one release (or collect output). Every mapping is sorted so that output is stable."""

    posts: int = 0
    reposts: int = 0
    drafts: int = 0
    first_date: str | None = None  # YYYY-MM-DD, the calendar day the post gives (see post_day)
    last_date: str | None = None
    undated: int = 0
    # Where days and months come from: date_local where the posts have it, else `date in ZONE`, else date (UTC).
    date_basis: str = "date"
    platforms: dict[str, int] = field(default_factory=dict)  # NO_PLATFORM for null
    months: dict[str, dict[str, int]] = field(default_factory=dict)  # YYYY-MM → platform → posts
    top_accounts: list[tuple[str, int]] = field(default_factory=list)
    top_outlets: list[tuple[str, int]] = field(default_factory=list)
    accounts: int = 0  # distinct original accounts
    outlets: int = 0
    deleted: int = 0  # posts whose original is marked deleted
    provenance: dict[str, int] = field(default_factory=dict)  # field → posts with a value
    images: dict[str, int] = field(default_factory=dict)  # status → references
    rejects: dict[str, int] = field(default_factory=dict)  # reason → files
    duplicates: dict[str, int] | None = None  # near-duplicate groups, when posts has duplicate_group

    @property
    def candidates(self) -> int:
        return self.posts + sum(self.rejects.values())

    @property
    def deleted_share(self) -> float | None:
        """Share of reposts (posts that credit an original) whose original is marked deleted."""
        return self.deleted / self.reposts if self.reposts else None

    def summary(self) -> dict[str, Any]:
        """The collect summary's shape (`CollectSummary.to_dict`): what the card and datasheet tabulate."""
        return {
            "candidates": self.candidates,
            "posts": self.posts,
            "rejects": dict(self.rejects),
            "images": dict(self.images),
            "reposts": self.reposts,
            "provenance": {**self.provenance, "original_deleted": self.deleted},
            **({"duplicates": dict(self.duplicates)} if self.duplicates is not None else {}),
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything, as plain JSON-able values: what `archiver stats --json` prints."""
        data: dict[str, Any] = {
            "posts": self.posts,
            "reposts": self.reposts,
            "drafts": self.drafts,
            "candidates": self.candidates,
            "date_range": {
                "first": self.first_date,
                "last": self.last_date,
                "undated": self.undated,
                "from": self.date_basis,
            },
            "platforms": dict(self.platforms),
            "posts_per_month": {month: dict(counts) for month, counts in self.months.items()},
            "accounts": self.accounts,
            "top_accounts": [{"name": name, "posts": count} for name, count in self.top_accounts],
            "outlets": self.outlets,
            "top_outlets": [{"name": name, "posts": count} for name, count in self.top_outlets],
            "originals_deleted": {"posts": self.deleted, "of_reposts": self.reposts, "share": self.deleted_share},
            "provenance": {
                name: {"posts": count, "share": _share(count, self.posts)} for name, count in self.provenance.items()
            },
            "images": {"total": sum(self.images.values()), "by_status": dict(self.images)},
            "rejects": {"total": sum(self.rejects.values()), "by_reason": dict(self.rejects)},
        }
        if self.duplicates is not None:
            data["near_duplicates"] = dict(self.duplicates)
        return data


def _share(count: int, total: int) -> float | None:
    return count / total if total else None


def _read(folder: Path, table: str, wanted: list[str]) -> pa.Table | None:
    """The `wanted` columns that exist, from every shard of `table`; None when the table has no shards."""
    files = shards(folder, table)
    if not files:
        return None
    present = set(column_names(files[0]))
    columns = [name for name in wanted if name in present]
    return pa.concat_tables(read_table(path, columns) for path in files)


def post_day(row: dict[str, Any], zone: ZoneInfo | None = None) -> date | None:
    """The post's calendar day: `date_local` where the release has it, else the day of `date` (UTC) in
    `zone`, the site's timezone (a date-only post of 2016-12-01 in UTC+8 is 2016-11-30 in UTC)."""
    if "date_local" in row:
        return row["date_local"]
    value = row.get("date")
    if value is None:
        return None
    if zone is not None:
        value = value.replace(tzinfo=UTC).astimezone(zone)
    return value.date()


def top(counter: Counter[str], n: int = TOP) -> list[tuple[str, int]]:
    """The `n` most frequent names, ties broken by name so that every build lists the same ones."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:n]


def dataset_stats(folder: Path, timezone: str | None = None) -> DatasetStats:
    """Count a release folder's (or a collect output's) tables: posts, dates, platforms, accounts,
    outlets, deletions, provenance coverage, images by status and rejects by reason.

    Days and months are the site's (`timezone`, the zone collect read dates in) unless the posts have
    `date_local`; with neither they are UTC.
    """
    folder = Path(folder)
    if not (folder / "data" / "posts").is_dir():
        raise ReleaseError(f"{folder}: no data/posts/ here; not a release or collect output")
    stats = DatasetStats()
    wanted = [
        "date",
        "date_local",
        "draft",
        "is_repost",
        "original_deleted",
        "duplicate_group",
        *PROVENANCE_FIELDS,
    ]
    posts = _read(folder, "posts", wanted)
    zone = None
    if posts is not None and "date_local" in posts.column_names:
        stats.date_basis = "date_local"
    elif timezone:
        zone, stats.date_basis = ZoneInfo(timezone), f"date in {timezone}"
    platforms: Counter[str] = Counter()
    months: dict[str, Counter[str]] = {}
    accounts: Counter[str] = Counter()
    outlets: Counter[str] = Counter()
    provenance: Counter[str] = Counter({name: 0 for name in PROVENANCE_FIELDS})
    groups: Counter[Any] = Counter()
    days: list[date] = []
    for row in posts.to_pylist() if posts is not None else []:
        stats.posts += 1
        stats.reposts += bool(row["is_repost"])
        stats.drafts += bool(row["draft"])
        stats.deleted += bool(row["original_deleted"])
        platform = row["source_platform"] or NO_PLATFORM
        platforms[platform] += 1
        day = post_day(row, zone)
        if day is None:
            stats.undated += 1
            months.setdefault(NO_DATE, Counter())[platform] += 1
        else:
            days.append(day)
            months.setdefault(f"{day.year:04d}-{day.month:02d}", Counter())[platform] += 1
        for name in PROVENANCE_FIELDS:
            provenance[name] += row[name] is not None
        if row["original_account"] is not None:
            accounts[row["original_account"]] += 1
        if row["source_outlet"] is not None:
            outlets[row["source_outlet"]] += 1
        if row.get("duplicate_group") is not None:
            groups[row["duplicate_group"]] += 1
    if days:
        stats.first_date, stats.last_date = min(days).isoformat(), max(days).isoformat()
    stats.platforms = dict(sorted(platforms.items()))
    # Months in calendar order, undated last.
    stats.months = {month: dict(sorted(months[month].items())) for month in sorted(months, key=_month_key)}
    stats.top_accounts, stats.accounts = top(accounts), len(accounts)
    stats.top_outlets, stats.outlets = top(outlets), len(outlets)
    stats.provenance = {name: provenance[name] for name in PROVENANCE_FIELDS}
    if posts is not None and "duplicate_group" in posts.column_names:
        grouped = {key: count for key, count in groups.items() if count > 1}
        near = sum(grouped.values()) - len(grouped)  # every member of a group but its canonical post
        stats.duplicates = {"near_duplicates": near, "groups": len(grouped), "distinct_articles": stats.posts - near}
    images = _read(folder, "images", ["status"])
    stats.images = dict(sorted(Counter(images.column("status").to_pylist()).items())) if images is not None else {}
    rejects = _read(folder, "rejects", ["reason"])
    stats.rejects = dict(sorted(Counter(rejects.column("reason").to_pylist()).items())) if rejects is not None else {}
    return stats


def _month_key(month: str) -> tuple[int, str]:
    return (1, month) if month == NO_DATE else (0, month)


@contextlib.contextmanager
def tables_of(source: Path, workers: int | None = None) -> Iterator[tuple[Path, str | None]]:
    """A folder holding `data/{posts,images,rejects}` for `source`, and the site's timezone where known:
    a release folder or tarball (its manifest's zone), a collect output (no zone), or a Jekyll site
    (collected into a temporary folder first)."""
    source = Path(source)
    if source.is_dir() and not (source / "data" / "posts").is_dir() and _looks_like_site(source):
        from archiver.collect import collect

        with tempfile.TemporaryDirectory(prefix="archiver-stats-") as scratch:
            summary = collect(source, Path(scratch), workers=workers)
            yield Path(scratch), summary.timezone
        return
    if source.is_dir() and not (source / "data" / "posts").is_dir():
        raise ReleaseError(f"{source}: not a release, a collect output (data/posts/) or a site (_posts/)")
    with opened(source) as folder:
        timezone = None
        if (folder / "manifest.json").is_file():
            timezone = _recorded_zone(manifest(folder).get("timezone"), source)
        yield folder, timezone


def _recorded_zone(value: Any, source: Path) -> str | None:
    """The zone a release's manifest records, checked as a site's own setting is (ZoneInfo would open any
    file under the zone folders, `localtime` too); None when it records none."""
    name = str(source / "manifest.json") if source.is_dir() else f"{source}: manifest.json"
    try:
        zone, recorded = check_timezone(value, name)
    except SiteConfigError as error:
        raise ReleaseError(str(error)) from None
    return zone if recorded else None


def _looks_like_site(folder: Path) -> bool:
    return any((folder / name).exists() for name in ("_posts", "_drafts", "_config.yml"))


# ---- the terminal table -------------------------------------------------------------------------


def width(text: str) -> int:
    """Columns `text` takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


def render_text(stats: DatasetStats, source: str) -> str:
    """`archiver stats` as a person reads it: one screen, sections in a fixed order."""
    lines = [f"{pad('source', 12)}{source}"]
    lines.append(f"{pad('posts', 12)}{stats.posts}  (reposts {stats.reposts}, drafts {stats.drafts})")
    dates = f"{stats.first_date} … {stats.last_date}" if stats.first_date else "-"
    lines.append(f"{pad('dates', 12)}{dates}" + (f"  ({stats.undated} undated)" if stats.undated else ""))
    deleted = f"{stats.deleted} of {stats.reposts} reposts ({_percent(stats.deleted_share)})"
    lines.append(f"{pad('deleted', 12)}{deleted} have their original marked deleted")
    if stats.duplicates is not None:
        near = stats.duplicates
        lines.append(
            f"{pad('near-dups', 12)}{counted(near['near_duplicates'], 'post')} in {counted(near['groups'], 'group')}:"
            f" {counted(near['distinct_articles'], 'distinct article')}"
        )

    def block(title: str, counts: list[tuple[str, int]], total: int | None) -> None:
        lines.append(title)
        if not counts:
            lines.append("  (none)")
        names = max((width(name) for name, _ in counts), default=0)
        for name, count in counts:
            share = f"  {_percent(_share(count, total)):>4}" if total is not None else ""
            lines.append(f"  {pad(name, max(names, 24))}{count:>7}{share}")

    block("platforms (posts)", list(stats.platforms.items()), stats.posts)
    block(f"top original accounts (of {stats.accounts})", stats.top_accounts, None)
    block(f"top source outlets (of {stats.outlets})", stats.top_outlets, None)
    block("provenance coverage (posts with a value)", list(stats.provenance.items()), stats.posts)
    block(f"images {sum(stats.images.values())} (by status)", list(stats.images.items()), sum(stats.images.values()))
    block(f"rejects {sum(stats.rejects.values())} (by reason)", list(stats.rejects.items()), None)
    # Account and outlet names are read from the posts and may hold control characters: escaped, as in messages.
    return "\n".join(map(printable, lines)) + "\n"
