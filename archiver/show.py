"""One post of a release as a researcher checks it: title, date, path, each provenance value with the
evidence line it was read from, its images with their status, and the first lines of its text."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from archiver.errors import printable
from archiver.provenance.extract import FIELDS  # in the order a reader checks them; other fields after
from archiver.release.reading import ReleaseError, readable, shards
from archiver.stats import pad, width

TEXT_LINES = 10
TEXT_COLUMNS = 100  # a terminal line of text is cut here; --json gives the whole line
POST_COLUMNS = ("post_id", "path", "title", "date", "date_local", "date_raw", "draft", "tags", "text", "sha256")
IMAGE_COLUMNS = ("position", "status", "src", "resolved_path", "url", "mime", "width", "height", "size_bytes")


def _find(folder: Path, key: str) -> dict[str, Any]:
    """The post whose post_id or path is `key`, else whose path ends with `/key` (exactly one)."""
    files = shards(folder, "posts")
    if not files:
        raise ReleaseError(f"{folder}: no data/posts/ here; not a release")
    posts = ds.dataset(files, format="parquet")
    columns = [name for name in (*POST_COLUMNS, *FIELDS, "provenance_evidence") if name in posts.schema.names]
    exact = posts.to_table(columns=columns, filter=(ds.field("post_id") == key) | (ds.field("path") == key))
    if exact.num_rows:
        return exact.to_pylist()[0]
    paths = posts.to_table(columns=["path"]).column("path").to_pylist()
    matches = [path for path in paths if path.endswith("/" + key.lstrip("/"))]
    if len(matches) == 1:
        return posts.to_table(columns=columns, filter=ds.field("path") == matches[0]).to_pylist()[0]
    if matches:
        shown = ", ".join(matches[:3]) + (", …" if len(matches) > 3 else "")
        raise ReleaseError(f"{key}: {len(matches)} posts have a path ending so ({shown}); give the whole path")
    raise ReleaseError(f"{key}: {_reject_of(folder, key) or 'no post with this post_id or path'} in {folder}")


def _reject_of(folder: Path, key: str) -> str | None:
    """What the rejects table says of `key` (its path, or a path ending with it), when it holds the file."""
    files = shards(folder, "rejects")
    if not files:
        return None
    rejects = ds.dataset(files, format="parquet").to_table(columns=["path", "reason", "message"]).to_pylist()
    for row in rejects:
        if row["path"] == key or row["path"].endswith("/" + key.lstrip("/")):
            return f"not a post but a reject ({row['reason']}: {row['message']}; path {row['path']})"
    return None


def _images(folder: Path, post_id: str) -> list[dict[str, Any]]:
    files = shards(folder, "images")
    if not files:
        return []
    table = ds.dataset(files, format="parquet").to_table(
        columns=list(IMAGE_COLUMNS), filter=ds.field("post_id") == post_id
    )
    return sorted(table.to_pylist(), key=lambda row: row["position"])


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def post_view(folder: Path, key: str) -> dict[str, Any]:
    """One post as plain JSON-able data: what `archiver show --json` prints."""
    # The tables are read as datasets of all their shards: a damaged one is named by Arrow's message, the folder here.
    with readable(Path(folder) / "data", "a table file is not readable Parquet"):
        return _post_view(Path(folder), key)


def _post_view(folder: Path, key: str) -> dict[str, Any]:
    row = _find(folder, key)
    evidence = row.get("provenance_evidence") or []
    provenance = {}
    names = list(FIELDS) + sorted({e["field"] for e in evidence} - set(FIELDS))
    for name in names:
        lines = []
        for item in evidence:
            if item["field"] != name:
                continue
            line = {"line": item["line"], "text": item["text"], "value": item["value"]}
            if item.get("rule") is not None:  # releases built before evidence named its rule lack it
                line["rule"] = item["rule"]
            lines.append(line)
        provenance[name] = {"value": row.get(name), "evidence": lines}
    text = row.get("text") or ""
    text_lines = [line for line in text.splitlines() if line.strip()]
    view: dict[str, Any] = {
        "post_id": row["post_id"],
        "path": row["path"],
        "title": row.get("title"),
        "date": _plain(row.get("date")),
        "date_raw": row.get("date_raw"),
        "draft": row.get("draft"),
        "tags": row.get("tags"),
        "sha256": row.get("sha256"),
        "provenance": provenance,
        "images": _images(Path(folder), row["post_id"]),
        "text_head": text_lines[:TEXT_LINES],
        "text_lines": len(text_lines),
        "text_chars": len(text),
    }
    if "date_local" in row:
        view["date_local"] = _plain(row["date_local"])
    return view


def clip(text: str, columns: int) -> str:
    """`text` cut to `columns` terminal columns, with … where it was cut."""
    if width(text) <= columns:
        return text
    kept = ""
    for ch in text:
        if width(kept + ch) > columns - 1:
            break
        kept += ch
    return kept + "…"


def render_text(view: dict[str, Any]) -> str:
    """The view as a person reads it on a terminal."""
    utc = (view["date"] or "-").replace("T", " ").removesuffix("+00:00")
    date_line = f"{utc} UTC" if view["date"] else "-"
    if view.get("date_local"):
        date_line = f"{view['date_local']} (local; {utc} UTC)"
    if view.get("date_raw"):
        date_line += f"  as written: {view['date_raw']}"
    lines = [
        f"{pad('title', 10)}{view['title'] or '-'}",
        f"{pad('date', 10)}{date_line}",
        f"{pad('path', 10)}{view['path']}" + ("  (draft)" if view.get("draft") else ""),
        f"{pad('post_id', 10)}{view['post_id']}",
        "provenance (value, then each evidence line: number: text)",
    ]
    for name, item in view["provenance"].items():
        value = item["value"]
        shown = "-" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
        lines.append(f"  {pad(name, 20)}{shown}")
        for evidence in item["evidence"]:
            where = "front matter" if evidence["line"] == 0 else f"line {evidence['line']}"
            rule = f"  [rule: {evidence['rule']}]" if evidence.get("rule") else ""
            lines.append(f"      {where}: {evidence['text']}{rule}")
    lines.append(f"images ({len(view['images'])})")
    for image in view["images"]:
        where = image["resolved_path"] or image["url"] or image["src"]
        facts = ", ".join(
            fact
            for fact in (
                image["mime"],
                f"{image['width']}x{image['height']}" if image["width"] else None,
                f"{image['size_bytes']} bytes" if image["size_bytes"] is not None else None,
            )
            if fact
        )
        lines.append(f"  {image['position']:>3}  {pad(image['status'], 8)}{where}" + (f"  ({facts})" if facts else ""))
    more = view["text_lines"] - len(view["text_head"])
    lines.append(
        f"text ({view['text_chars']} characters; first {len(view['text_head'])} of {view['text_lines']} lines)"
    )
    lines += [f"  {clip(line, TEXT_COLUMNS)}" for line in view["text_head"]]
    if more > 0:
        lines.append(f"  … {more} more lines")
    # Paths, titles and quoted lines may hold control characters: escaped as in every message.
    return "\n".join(map(printable, lines)) + "\n"
