"""Generators: fixture sites of each generator and shape (tests/fixtures/sites/NAME/) give the rows in NAME.json.

NAME.json holds
  "generator"  the generator detection must choose,
  "posts"      path -> the columns (a subset) its posts row must have; timestamps as ISO text,
  "rejects"    path -> reason code, for every other file under the post folders,
  "images"     "post path #position" -> the columns its images row must have (optional).
Every file listed is exactly one row, and no other row exists: what a site holds outside its post
folders (a `_site/` copy, `vendor/`, excluded folders) must not appear.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from archiver.collect import collect
from archiver.generators import GENERATORS, choose
from archiver.generators.globs import first_match
from archiver.provenance.extract import FIELDS as PROVENANCE_FIELDS
from tests.conftest import SAMPLE_POST, png_bytes, run_cli, write_site
from tests.site_converter import convert
from tests.test_release import make_project, release

SITES = Path(__file__).parent / "fixtures" / "sites"


def read_rows(out: Path, table: str) -> list[dict[str, Any]]:
    return [
        row for shard in sorted((out / "data" / table).glob("*.parquet")) for row in pq.read_table(shard).to_pylist()
    ]


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def site_rows(site: Path, out: Path, generator: str | None = None) -> dict[str, Any]:
    """The rows collect gives for a site, shaped like a fixture's JSON (every column of every row)."""
    collect(site, out, workers=1, generator=generator)
    posts = {row["path"]: {k: plain(v) for k, v in row.items()} for row in read_rows(out, "posts")}
    rejects = {row["path"]: row for row in read_rows(out, "rejects")}
    images = {f"{row['post_path']}#{row['position']}": row for row in read_rows(out, "images")}
    return {"posts": posts, "rejects": rejects, "images": images}


@pytest.mark.parametrize("spec", sorted(SITES.glob("*.json")), ids=lambda p: p.stem)
def test_fixture_site(spec: Path, tmp_path: Path) -> None:
    case = json.loads(spec.read_text(encoding="utf-8"))
    site = SITES / spec.stem
    assert choose(site).name == case["generator"]
    got = site_rows(site, tmp_path / "out")
    assert sorted(got["posts"]) == sorted(case["posts"]), "posts"
    for path, expect in case["posts"].items():
        assert {key: got["posts"][path][key] for key in expect} == expect, path
    assert {path: row["reason"] for path, row in got["rejects"].items()} == case["rejects"]
    for path, row in got["rejects"].items():  # a file the generator skips is kept, bytes and all
        assert row["raw"] == (site / path).read_bytes(), path
    for key, expect in case.get("images", {}).items():
        assert {k: got["images"][key][k] for k in expect} == expect, key


def test_every_generator_has_a_fixture_site() -> None:
    detected = {json.loads(spec.read_text(encoding="utf-8"))["generator"] for spec in SITES.glob("*.json")}
    assert detected == set(GENERATORS)


def test_generator_option_overrides_detection(tmp_path: Path) -> None:
    # Read as Jekyll, the Hexo site's source/_posts/ and source/_drafts/ are nested post folders (category
    # "source") where only the one dated file name makes a post; everything else there is a reject.
    hexo = SITES / "hexo-forms"
    done = run_cli("collect", "--raw", str(hexo), "--out", str(tmp_path / "out"), "--generator", "jekyll")
    assert done.returncode == 0, done.stderr
    posts = read_rows(tmp_path / "out", "posts")
    assert [(p["path"], p["categories"], p["draft"]) for p in posts] == [
        ("source/_drafts/draft-one.md", ["source"], True),
        ("source/_posts/2020-03-04-dated-name.md", ["source"], False),
    ]
    assert len(read_rows(tmp_path / "out", "rejects")) == 10
    wrong = run_cli("collect", "--raw", str(hexo), "--out", str(tmp_path / "x"), "--generator", "pelican")
    assert wrong.returncode == 2 and "pelican" in wrong.stderr


def test_hugo_configuration_errors_name_the_file(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"hugo.toml": 'timeZone = "Mars/Olympus"\n', "content/a.md": "x\n"}, None)
    done = run_cli("collect", "--raw", str(site), "--out", str(tmp_path / "out"))
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"error: {site}/hugo.toml: unknown timeZone 'Mars/Olympus'")


@pytest.mark.parametrize("spelling", ["./content", "content/.", "content/", "/content"])
def test_hugo_content_folder_spellings_give_the_same_rows(spelling: str, tmp_path: Path) -> None:
    page = "---\ntitle: a\ndate: 2020-01-02\n---\nx\n"
    rows = []
    for config in ('{"timeZone": "UTC"}', json.dumps({"timeZone": "UTC", "contentDir": spelling})):
        site = write_site(tmp_path / str(len(rows)), {"hugo.json": config, "content/posts/a.md": page}, None)
        done = run_cli("collect", "--raw", str(site), "--out", str(site.parent / f"out{len(rows)}"), "--no-cache")
        assert done.returncode == 0, done.stderr
        rows.append([(r["path"], r["post_id"]) for r in read_rows(site.parent / f"out{len(rows)}", "posts")])
    assert rows[0] == rows[1] == [("content/posts/a.md", rows[0][0][1])]


def test_a_site_configuration_linked_from_outside_is_refused_in_one_line(tmp_path: Path) -> None:
    # Read as absent, its timezone and exclude would silently not apply; it is never read from outside.
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/_config.yml").write_text("timezone: UTC\n", encoding="utf-8")
    site = write_site(tmp_path / "site", {"_posts/2020-01-01-a.md": "---\ntitle: a\n---\nx\n"}, None)
    (site / "_config.yml").symlink_to("../outside/_config.yml")
    done = run_cli("collect", "--raw", str(site), "--out", str(tmp_path / "out"))
    assert (done.returncode, done.stderr.count("\n")) == (1, 1)
    assert done.stderr.startswith(f"error: {site}/_config.yml: a link leading outside the site;")


def test_hugo_content_folder_at_the_root_is_refused_in_one_line(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"hugo.json": '{"contentDir": "."}', "content/a.md": "x\n"}, None)
    done = run_cli("collect", "--raw", str(site), "--out", str(tmp_path / "out"))
    assert (done.returncode, done.stderr.count("\n")) == (1, 1)
    assert done.stderr.startswith(f"error: {site}/hugo.json: contentDir '.' is the site's root")
    # a language's folder is named by the file that sets it
    languages = {"hugo.json": "{}", "config/_default/languages.toml": '[en]\ncontentDir = "."\n', "content/a.md": "x\n"}
    site = write_site(tmp_path / "languages", languages, None)
    done = run_cli("collect", "--raw", str(site), "--out", str(tmp_path / "out2"))
    assert (done.returncode, done.stderr.count("\n")) == (1, 1)
    assert done.stderr.startswith(f"error: {site}/config/_default/languages.toml: contentDir '.' is the site's root")


def test_hexo_settings_name_why_a_file_is_no_post(tmp_path: Path) -> None:
    # skip_render (copied as is) and ignore (never read) make files no posts; exclude does not apply to
    # posts and include does not make a hidden name one, as Hexo documents. Each reject says which setting.
    out = tmp_path / "out"
    done = run_cli("collect", "--raw", str(SITES / "hexo-settings"), "--out", str(out), "--no-cache")
    assert done.returncode == 0, done.stderr
    messages = {row["path"]: row["message"] for row in read_rows(out, "rejects")}
    assert messages["source/_posts/raw/notes.md"].startswith(
        "not a post: matched by _config.yml skip_render ('_posts/raw/**')"
    )
    assert "skip_render ('_posts/*.html')" in messages["source/_posts/verbatim.html"]
    assert (
        "_config.yml ignore ('**/_posts/private/**'): Hexo never reads it"
        in messages["source/_posts/private/secret.md"]
    )
    assert "_config.yml ignore ('**/_drafts/old')" in messages["source/_drafts/old/stale.md"]  # a folder's pattern
    assert "include ('_posts/_included.md') has Hexo render it as a page" in messages["source/_posts/_included.md"]
    assert "source/_posts/excluded.md" in {row["path"] for row in read_rows(out, "posts")}


def test_hugo_languages_from_the_configuration_folder(tmp_path: Path) -> None:
    # Hugo's configuration folder may hold the languages table in a file of its own; a language's
    # folder of pages is read and its first folder is the section; disableLanguages drops a language.
    page = "---\ntitle: {}\ndate: 2022-03-04\n---\n{}\n"
    site = write_site(
        tmp_path / "site",
        {
            "config/_default/hugo.toml": 'timeZone = "UTC"\ndisableLanguages = ["de"]\n',
            "config/_default/languages.toml": '[zh]\ncontentDir = "pages/zh"\n[ja]\ncontentDir = "pages/ja"\n'
            '[de]\ncontentDir = "pages/de"\n',
            "content/old.md": page.format("旧", "不在任何语言的目录里。"),
            "pages/zh/news/a.md": page.format("中文", "中文页面。"),
            "pages/ja/news/b.md": page.format("日本語", "日本語のページ。"),
            "pages/de/news/c.md": page.format("Deutsch", "Eine abgeschaltete Sprache."),
        },
        None,
    )
    out = tmp_path / "out"
    done = run_cli("collect", "--raw", str(site), "--out", str(out), "--no-cache", "--generator", "hugo")
    assert done.returncode == 0, done.stderr
    posts = {row["path"]: row["section"] for row in read_rows(out, "posts")}
    assert posts == {"pages/ja/news/b.md": "news", "pages/zh/news/a.md": "news"}
    (reject,) = read_rows(out, "rejects")
    assert (
        reject["path"] == "pages/de/news/c.md" and "language de, which the configuration disables" in reject["message"]
    )


def test_hugo_translations_by_file_name_in_nested_language_folders(tmp_path: Path) -> None:
    # Each language's contentDir nested in content/, pages translated by file name beside them: a
    # configured language's code in a name makes `index.fr.md` its bundle's page, `_index.fr.md` a list
    # page, and `x.de.md` a page of de (disabled); an unknown code is only part of the name.
    page = "---\ntitle: {}\ndate: 2022-03-04\n---\nA page.\n"
    site = write_site(
        tmp_path / "site",
        {
            "hugo.toml": 'timeZone = "UTC"\n[languages.en]\ncontentDir = "content/en"\n'
            '[languages.fr]\ncontentDir = "content/fr"\n[languages.de]\ncontentDir = "content/de"\ndisabled = true\n',
            "content/en/posts/trip/index.md": page.format("trip"),
            "content/en/posts/trip/index.fr.md": page.format("voyage"),
            "content/en/posts/_index.fr.md": page.format("list"),
            "content/en/posts/old.de.md": page.format("alt"),
            "content/en/posts/note.xx.md": page.format("note"),
            "content/fr/posts/seul/index.fr.md": page.format("seul"),
            "content/fr/posts/seul/notes.md": page.format("notes"),
        },
        None,
    )
    out = tmp_path / "out"
    done = run_cli("collect", "--raw", str(site), "--out", str(out), "--no-cache")
    assert done.returncode == 0, done.stderr
    posts = {row["path"]: row["section"] for row in read_rows(out, "posts")}
    assert posts == {
        "content/en/posts/note.xx.md": "posts",
        "content/en/posts/trip/index.fr.md": "posts",
        "content/en/posts/trip/index.md": "posts",
        "content/fr/posts/seul/index.fr.md": "posts",
    }
    rejects = {row["path"]: row["message"] for row in read_rows(out, "rejects")}
    assert sorted(rejects) == [
        "content/en/posts/_index.fr.md",
        "content/en/posts/old.de.md",
        "content/fr/posts/seul/notes.md",
    ]
    assert "list page" in rejects["content/en/posts/_index.fr.md"]
    assert "named as a page of language de, which the configuration disables" in rejects["content/en/posts/old.de.md"]
    assert "resource of the page bundle content/fr/posts/seul/" in rejects["content/fr/posts/seul/notes.md"]


@pytest.mark.parametrize(
    ("path", "pattern", "matches"),
    [
        ("_posts/a.md", "_posts/*", True),
        ("_posts/x/a.md", "_posts/*", False),
        ("_posts/x/a.md", "_posts/**/*", True),
        ("_posts/a.md", "_posts/**/*", True),
        ("_posts", "_posts/**", True),
        ("_posts/a.md", "*.md", False),  # no base-name matching
        ("source/_posts/a.md", "**/*.md", True),
        ("_posts/.a.md", "_posts/*", False),  # wildcards skip dot names
        ("_posts/.a.md", "_posts/.*", True),
        ("_posts/b.md", "_posts/{a,b}.md", True),
        ("_posts/2.md", "_posts/{1..3}.md", True),
        ("_posts/c.md", "_posts/[!ab].md", True),
        ("_posts/a.md", "_posts/!(a).md", False),
        ("_posts/b.md", "_posts/!(a).md", True),
        ("_posts/b.md", "_posts/@(a|b).md", True),
        ("_posts/b.md", "!_posts/a.md", True),
        ("_posts/a.md", "./_posts/a.md", True),
        ("_posts/x/y/c.md", "_posts/**/c.md", True),
        ("_posts/x", "_posts/x/", True),  # a trailing `/` names the folder
        ("_posts/x/a.md", "_posts/x/", False),
        ("_posts/.md", "_posts/*(a|b).md", True),  # an extglob that can be empty: picomatch matches it too
        ("_posts/.a.md", "!_posts/*", True),  # `!x` is "not x", dot-parts included
        ("_posts/a.md", "!!_posts/a.md", True),
    ],
)
def test_hexo_globs_read_as_micromatch(path: str, pattern: str, matches: bool) -> None:
    assert (first_match(path, [pattern]) == pattern) is matches


def test_hexo_globs_past_hundreds_of_patterns_still_match() -> None:
    # A configuration may list more globs than a small compile cache holds; each is still tried, in order.
    patterns = [f"**/_posts/n{n}/**" for n in range(1200)]
    assert first_match("source/_posts/n1199/a.md", patterns) == "**/_posts/n1199/**"
    assert first_match("source/_posts/m/a.md", patterns) is None


def test_hexo_glob_braces_past_the_limit_match_nothing() -> None:
    # A hostile _config.yml: 2**64 expansions would never finish; past 1024 the pattern is dropped at once.
    assert first_match("_posts/a.md", ["_posts/{a,b}" * 64, "!{a,b}" * 64, "_posts/{1..100000000}.md"]) is None
    assert first_match("_posts/a.md", ["_posts/{1..100000000}.md", "_posts/*.md"]) == "_posts/*.md"
    assert first_match("_posts/1000.md", ["_posts/{1..1000}.md"]) == "_posts/{1..1000}.md"  # under it: read


# --- The development posts, read as a Jekyll, a Hexo and a Hugo site ------------------------------

REPO = Path(__file__).resolve().parent.parent
# In CI a copy of shared/ sits beside the clone; a worktree sits one folder further down.
CORPUS = (
    next(
        (
            p
            for p in (REPO.parent / "shared", REPO.parent.parent / "shared")
            if (p / "corpus/terminus-dev/_posts").is_dir()
        ),
        REPO.parent / "shared",
    )
    / "corpus"
    / "terminus-dev"
)
SAME = ("title", "date", "tags", "categories", "draft", "published", "text", "image_count", *PROVENANCE_FIELDS)
SAME_IMAGE = ("position", "syntax", "alt", "url", "status", "reason", "media_key", "sha256", "size_bytes", "mime")


def dev_site(root: Path) -> Path:
    """The development posts and the user's sample post as a Jekyll site, with the sample's images present."""
    files: dict[str, str | bytes] = {f"_posts/{p.name}": p.read_bytes() for p in (CORPUS / "_posts").iterdir()}
    files[f"_posts/{SAMPLE_POST.name}"] = SAMPLE_POST.read_bytes()
    for index, name in enumerate(re.findall(r"/postimg/([^)\s]+)", SAMPLE_POST.read_text(encoding="utf-8"))):
        files[f"postimg/{name}"] = png_bytes(color=(index * 30, 80, 160))
    return write_site(root, files)


def lines(raw: bytes) -> list[str]:
    """A file's lines as the parser counts them (universal newlines)."""
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def front_matter_end(text_lines: list[str]) -> int:
    """The 1-based line that closes the front matter (0 when there is none)."""
    opening = text_lines[0].strip()
    if opening not in ("---", "+++"):
        return 0
    return next((i + 1 for i, line in enumerate(text_lines[1:], 1) if line.strip() in (opening, "...")), 0)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the development corpus (../shared) is not beside the repository")
@pytest.mark.parametrize("generator", ["hexo", "hugo"])
def test_dev_posts_give_the_same_rows_as_hexo_and_hugo_sites(generator: str, tmp_path: Path) -> None:
    jekyll = dev_site(tmp_path / "jekyll")
    moved = convert(jekyll, tmp_path / generator, generator)
    assert choose(tmp_path / generator).name == generator
    want, got = site_rows(jekyll, tmp_path / "a"), site_rows(tmp_path / generator, tmp_path / "b")
    assert len(moved) == len(want["posts"]) == len(got["posts"]) == 121 and not want["rejects"] and not got["rejects"]
    static = "source" if generator == "hexo" else "static"
    for old, new in moved.items():
        a, b = want["posts"][old], got["posts"][new]
        assert {c: a[c] for c in SAME} == {c: b[c] for c in SAME}, old
        assert b["front_matter_format"] == ("yaml" if generator == "hexo" else "toml")
        # The same evidence, each pointing at the same line of text in its own file.
        assert [(e["field"], e["value"], e["text"]) for e in a["provenance_evidence"]] == [
            (e["field"], e["value"], e["text"]) for e in b["provenance_evidence"]
        ], old
        old_lines, new_lines = lines(a["raw"]), lines(b["raw"])
        for x, y in zip(a["provenance_evidence"], b["provenance_evidence"], strict=True):
            if x["line"] is not None and x["line"] > front_matter_end(old_lines):  # front matter is rewritten
                assert old_lines[x["line"] - 1].replace("{{site.baseurl}}", "") == new_lines[y["line"] - 1], old
        for position in range(a["image_count"]):
            x, y = want["images"][f"{old}#{position}"], got["images"][f"{new}#{position}"]
            assert {c: x[c] for c in SAME_IMAGE} == {c: y[c] for c in SAME_IMAGE}, (old, position)
            assert y["resolved_path"] == (None if x["resolved_path"] is None else f"{static}/{x['resolved_path']}")
            assert y["image"] == (
                None if x["image"] is None else {"bytes": x["image"]["bytes"], "path": y["resolved_path"]}
            )
    statuses = [row["status"] for row in got["images"].values()]
    assert statuses.count("present") == 6 and statuses.count("remote") > 100  # the sample's six, the corpus's links


def test_the_converter_skips_a_post_jekyll_cannot_read(tmp_path: Path) -> None:
    # A malformed post has no fields to carry over: it is left out and named with its reason, no traceback.
    site = write_site(
        tmp_path / "jekyll",
        {
            "_posts/2020-01-02-good.md": "---\ntitle: 好\n---\n正文。\n",
            "_posts/2020-01-03-broken.md": "---\ntitle: [未闭合\n---\n正文。\n",
            "_posts/2020-01-04-open.md": "---\ntitle: 没有结尾\n正文。\n",
        },
    )
    converter = [sys.executable, "-m", "tests.site_converter"]
    done = subprocess.run(
        [*converter, str(site), str(tmp_path / "hexo"), "hexo"], capture_output=True, text=True, cwd=REPO
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stdout == f"1 posts written as a hexo site in {tmp_path / 'hexo'}, 2 skipped\n"
    assert [line.split(": ")[:2] for line in done.stderr.splitlines()] == [
        ["skipped _posts/2020-01-03-broken.md", "malformed_front_matter"],
        ["skipped _posts/2020-01-04-open.md", "unclosed_front_matter"],
    ]
    assert sorted(p.name for p in (tmp_path / "hexo/source/_posts").iterdir()) == ["2020-01-02-good.md"]
    for args in (
        [],
        [str(site), str(tmp_path / "x"), "pelican"],
        [str(tmp_path / "nowhere"), str(tmp_path / "y"), "hugo"],
    ):
        wrong = subprocess.run([*converter, *args], capture_output=True, text=True, cwd=REPO)
        assert wrong.returncode == 1 and wrong.stderr.count("\n") == 1 and "Traceback" not in wrong.stderr, args


@pytest.mark.parametrize("name", ["hexo-assets", "hexo-settings", "hugo-bundles", "hugo-languages"])
def test_a_release_records_its_generator_and_rebuilds_identically(name: str, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {})
    shutil.rmtree(project / "raw")
    shutil.copytree(SITES / name, project / "raw")
    generator = json.loads((SITES / f"{name}.json").read_text(encoding="utf-8"))["generator"]
    done = release(project)
    assert done.returncode == 0, done.stderr
    folder = project / "dist/demo-1.0.0"
    recorded = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["generator"]
    assert (
        recorded["name"] == generator
        and recorded["settings"] == GENERATORS[generator].load_site(project / "raw").options
    )
    card, datasheet = (
        (folder / "README.md").read_text(encoding="utf-8"),
        (folder / "DATASHEET.md").read_text(encoding="utf-8"),
    )
    for document in (card, datasheet):
        assert f"read as a **{generator.capitalize()}** site" in document
        assert "| `category_paths` |" in document or "| `section` |" in document  # the generator's own fields
    # The release holds no configuration file: the rebuild writes one that reads the site the same way.
    done = run_cli("rebuild", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("identical"), done.stdout
