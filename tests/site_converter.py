"""Move a Jekyll site's posts into a Hexo site or a Hugo site, as a person migrating an archive would.

Each post keeps its body byte for byte, but for `{{ site.baseurl }}`, which neither Hexo nor Hugo
would fill in (it is dropped). Its front matter is rewritten for the new generator from what Jekyll
reads (archiver's Jekyll plug-in): the title Jekyll shows (its slug title when none is written), the
date (the file name's when the front matter has none), tags and categories as Jekyll splits them;
every other key is kept. Hexo gets YAML (categories as separate one-level hierarchies, so none
becomes a parent of another); Hugo gets TOML. Every other file of the site (images and the like)
moves under the folder the generator serves from: Hexo's `source/`, Hugo's `static/`. A post Jekyll
cannot read (malformed front matter, say) has no fields to carry over: it is left out and reported,
path and reason, never a traceback.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from archiver.generators.base import SiteConfigError
from archiver.generators.jekyll import JEKYLL
from archiver.reasons import PostRejected

SITE_VARIABLE = re.compile(r"{{-?\s*site\.(?:baseurl|url)\s*-?}}")
POST_FOLDERS = ("_posts", "_drafts")


def convert(jekyll: Path, out: Path, generator: str, skipped: dict[str, str] | None = None) -> dict[str, str]:
    """Write the Jekyll site at `jekyll` as a `generator` ("hexo" or "hugo") site in `out`.

    Returns where each post went: Jekyll path -> new path (both relative to their site roots). A post
    Jekyll rejects is not written; `skipped`, when given, receives its path -> why.
    """
    site = JEKYLL.load_site(jekyll)
    moved: dict[str, str] = {}
    static = "source" if generator == "hexo" else "static"
    posts = {candidate.path for candidate in JEKYLL.list_posts(jekyll, site) if not candidate.problem}
    for path in sorted(p.relative_to(jekyll).as_posix() for p in jekyll.rglob("*") if p.is_file()):
        if path in posts:
            data = (jekyll / path).read_bytes()
            try:
                parsed = JEKYLL.read_post(data, path, site)
            except PostRejected as rejected:
                where = f" (line {rejected.line})" if rejected.line else ""
                if skipped is not None:
                    skipped[path] = f"{rejected.reason}: {rejected.message}{where}"
                continue
            folder = "_drafts" if parsed.draft else "_posts"
            name = path.rsplit("/", 1)[-1]
            body = SITE_VARIABLE.sub("", parsed.body)
            fields = _fields(parsed)
            if generator == "hexo":
                target = f"source/{folder}/{name}"
                text = "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n" + body
            else:
                target = f"content/{'drafts' if parsed.draft else 'posts'}/{name}"
                fields["categories"], fields["draft"] = parsed.categories, parsed.draft
                text = "+++\n" + "".join(f"{key} = {_toml(value)}\n" for key, value in fields.items()) + "+++\n" + body
            moved[path] = target
            _write(out / target, text.encode("utf-8"))
        elif path != "_config.yml" and path.split("/", 1)[0] not in POST_FOLDERS:
            _write(out / static / path, (jekyll / path).read_bytes())
    config = f"timezone: {site.timezone}\n" if generator == "hexo" else f'timeZone = "{site.timezone}"\n'
    (out / ("_config.yml" if generator == "hexo" else "hugo.toml")).write_text(config, encoding="utf-8")
    return moved


def _fields(parsed: Any) -> dict[str, Any]:
    fields = {key: value for key, value in parsed.front_matter.items() if value is not None}
    for key in ("tag", "category", "date"):
        fields.pop(key, None)
    fields["title"] = parsed.title
    if parsed.date_source != "none":
        fields["date"] = parsed.date_raw
    fields["tags"] = parsed.tags
    fields["categories"] = [[name] for name in parsed.categories] if parsed.categories else []
    return fields


def _toml(value: Any) -> str:
    """A JSON-able value as TOML (strings in JSON's escapes, which TOML's basic strings share)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value if item is not None) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items() if v is not None) + "}"
    return json.dumps(str(value), ensure_ascii=False)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


if __name__ == "__main__":  # python -m tests.site_converter JEKYLL OUT hexo|hugo
    import sys

    if len(sys.argv) != 4 or sys.argv[3] not in ("hexo", "hugo"):
        sys.exit("usage: python -m tests.site_converter JEKYLL OUT hexo|hugo")  # exit 1, on stderr
    if not Path(sys.argv[1]).is_dir():
        sys.exit(f"error: {sys.argv[1]}: not a folder")
    left_out: dict[str, str] = {}
    try:
        moved = convert(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], left_out)
    except (SiteConfigError, OSError) as error:
        sys.exit(f"error: {sys.argv[1]}: {error}")
    for path, why in left_out.items():
        print(f"skipped {path}: {why}", file=sys.stderr)
    print(
        f"{len(moved)} posts written as a {sys.argv[3]} site in {sys.argv[2]}"
        + (f", {len(left_out)} skipped" if left_out else "")
    )
