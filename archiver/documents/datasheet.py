"""`DATASHEET.md`: the repository's datasheet template (DATASHEET.md at the repo root) filled in
with this release's numbers.

The template uses Python `string.Template` placeholders, `${name}` (write `$$` for a literal `$`).
Substitution is strict: an unknown placeholder raises `KeyError`, so a rendered datasheet never
carries an unfilled one. The placeholders are the keys of `placeholders(info)`:

| placeholder | value |
|---|---|
| `${name}`, `${pretty_name}`, `${description}` | from `[tool.archiver]` |
| `${version}`, `${tag}`, `${previous}` | this release's version, `vX.Y.Z`, previous version or "none" |
| `${released}`, `${released_date}` | release time `YYYY-MM-DDTHH:MM:SSZ`, date `YYYY-MM-DD` |
| `${hub_repo_id}`, `${hub_url}`, `${repository}` | Hub repo, its URL, code repository (`(not configured)` if unset) |
| `${license}`, `${license_note}` | license name (SPDX id or license_name), the note |
| `${posts_rows}`, `${images_rows}`, `${rejects_rows}` | rows per table |
| `${candidates}`, `${posts}`, `${reposts}` | collect counts |
| `${rejects_total}`, `${images_total}` | sums of the reject and image-status counts |
| `${images_present}`, `${images_missing}`, `${images_remote}` | image references by status |
| `${near_duplicates}`, `${duplicate_groups}` | posts that near-duplicate an earlier one; their groups |
| `${distinct_articles}` | posts with each near-duplicate group counted once |
| `${duplicate_threshold}` | the Jaccard threshold of near-duplicate grouping |
| `${tables_table}` | Markdown table: rows, files and bytes per table |
| `${rejects_table}`, `${images_table}`, `${provenance_table}` | Markdown tables of the counts |
| `${citation}` | the BibTeX entry |
| `${figures}` | the figures of `figures/`, as Markdown images with alt text |
| `${generator}`, `${generator_fields}` | the site generator read (jekyll, hexo, hugo); how it was read, per column |
| `${provenance_accuracy}` | how often each provenance column is right, measured on held-out labelled posts |

Counts missing from the statistics render as 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from string import Template
from typing import Any

from archiver.documents._common import (
    bibtex,
    count_table,
    figures_markdown,
    file_sizes,
    generator_markdown,
    hub_url,
    license_label,
    released_date,
    released_iso,
    repo_id,
    table_names,
)
from archiver.metadata import ReleaseInfo
from archiver.provenance import accuracy

TEMPLATE_NAME = "DATASHEET.md"
# What an unset address reads as: said plainly, never a made-up place.
NOT_CONFIGURED = "(not configured)"

# Used when the build has no template: a short datasheet that points to the repository's full one.
FALLBACK_TEMPLATE = """# Datasheet: ${pretty_name} ${version}

The full datasheet (motivation, composition, collection, uses, distribution, maintenance) is
`DATASHEET.md` in the source repository: ${repository}.

Released ${released_date}; previous release: ${previous}.
Read as a ${generator} site: see the dataset card, "How the site was read".

${tables_table}

Candidates: ${candidates}; posts: ${posts} (${reposts} reposts); rejects: ${rejects_total}.
Near-duplicates: ${near_duplicates} posts in ${duplicate_groups} groups; ${distinct_articles} distinct articles.

${figures}

**Rejects by reason**

${rejects_table}

**Image references by status**

${images_table}

**Posts with each provenance value**

${provenance_table}

**How often the provenance values are right**

${provenance_accuracy}

License: ${license}. ${license_note}
"""


def load_template(root: Path) -> str | None:
    """The repository's datasheet template (`ROOT/DATASHEET.md`), or None when there is none."""
    path = Path(root) / TEMPLATE_NAME
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _counts(stats: Mapping[str, Any], key: str) -> dict[str, int]:
    value = stats.get(key)
    return dict(value) if isinstance(value, Mapping) else {}


def _tables_table(info: ReleaseInfo) -> str:
    sizes = file_sizes(info)
    lines = ["| table | rows | Parquet files | bytes |", "|---|---:|---:|---:|"]
    for table in table_names(info):
        table_info = info.tables[table]
        total = sum(sizes[path] for path in table_info.files)
        lines.append(f"| `{table}` | {table_info.rows} | {len(table_info.files)} | {total} |")
    return "\n".join(lines)


def placeholders(info: ReleaseInfo) -> dict[str, str]:
    settings = info.settings
    stats = info.statistics or {}
    rejects = _counts(stats, "rejects")
    images = _counts(stats, "images")
    provenance = _counts(stats, "provenance")
    duplicates = _counts(stats, "duplicates")
    rows = {table: info.tables[table].rows if table in info.tables else 0 for table in ("posts", "images", "rejects")}
    values: dict[str, Any] = {
        "name": settings.name,
        "pretty_name": settings.pretty_name,
        "description": settings.description,
        "version": info.version,
        "tag": info.tag,
        "previous": info.previous or "none",
        "released": released_iso(info),
        "released_date": released_date(info),
        "hub_repo_id": repo_id(info) or NOT_CONFIGURED,
        "hub_url": hub_url(info) or NOT_CONFIGURED,
        "repository": settings.repository or hub_url(info) or NOT_CONFIGURED,
        "license": license_label(info),
        "license_note": settings.license_note,
        "posts_rows": rows["posts"],
        "images_rows": rows["images"],
        "rejects_rows": rows["rejects"],
        "candidates": stats.get("candidates", 0),
        "posts": stats.get("posts", rows["posts"]),
        "reposts": stats.get("reposts", 0),
        "rejects_total": sum(rejects.values()),
        "images_total": sum(images.values()),
        "images_present": images.get("present", 0),
        "images_missing": images.get("missing", 0),
        "images_remote": images.get("remote", 0),
        "near_duplicates": duplicates.get("near_duplicates", 0),
        "duplicate_groups": duplicates.get("groups", 0),
        "distinct_articles": duplicates.get("distinct_articles", stats.get("posts", rows["posts"])),
        "duplicate_threshold": settings.duplicate_threshold,
        "tables_table": _tables_table(info),
        "rejects_table": count_table(rejects, "reason"),
        "images_table": count_table(images, "status"),
        "provenance_table": count_table(provenance, "field", "posts"),
        "citation": bibtex(info),
        "figures": figures_markdown(info),
        "generator": info.generator or "not recorded",
        "generator_fields": generator_markdown(info),
        "provenance_accuracy": accuracy.markdown(),
    }
    return {key: str(value) for key, value in values.items()}


# `archiver init` writes this template; each question to answer carries the marker.
TO_FILL = "TO FILL"
INIT_TEMPLATE = Path(__file__).with_name("DATASHEET.template.md")


def unfilled_questions(template: str) -> list[tuple[int, str]]:
    """Each line of a datasheet template that still holds a `TO FILL` marker: (1-based number, its text stripped)."""
    return [(number, line.strip()) for number, line in enumerate(template.split("\n"), start=1) if TO_FILL in line]


def render(info: ReleaseInfo, template: str | None = None) -> str:
    """Fill `template` (the repository's DATASHEET.md text; None → FALLBACK_TEMPLATE)."""
    text = Template(FALLBACK_TEMPLATE if template is None else template).substitute(placeholders(info))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.rstrip("\n") + "\n"
