"""The release's figures: present, listed, verified, embedded, drawn with the shipped CJK font, never blank,
and the same bytes on every build whatever the machine's matplotlib settings."""

from __future__ import annotations

import io
import json
import pickle
import struct
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib
import matplotlib.style
import numpy
import pytest
from matplotlib import font_manager
from matplotlib.text import Text
from PIL import Image

import archiver
from archiver.figures.draw import FIGURES, FONT_FILE, _font, _rc, render_figures, top_accounts
from archiver.release.fixity import parse_sums
from archiver.stats import dataset_stats
from tests.conftest import post, run_cli, write_site
from tests.sample_site import write_sample_site

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def _release(site: Path, dist: Path, env: dict[str, str] | None = None) -> Path:
    done = run_cli(
        "release", "--raw", str(site), "--dist", str(dist), "--version", "1.0.0", env={**EPOCH, **(env or {})}
    )
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def sample_stats(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    root = tmp_path_factory.mktemp("figures")
    from archiver.collect import collect

    collect(write_sample_site(root / "site"), root / "out", workers=1)
    return dataset_stats(root / "out")


def _chunks(png: bytes) -> list[bytes]:
    names, offset = [], 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        names.append(png[offset + 4 : offset + 8])
        offset += 12 + length
    return names


def test_every_release_has_its_figures_listed_verified_and_embedded(tmp_path: Path) -> None:
    site = write_sample_site(tmp_path / "site")
    folder = _release(site, tmp_path / "a")
    names = [f"figures/{name}" for name in FIGURES]
    sums = parse_sums((folder / "SHA256SUMS").read_text())
    tags = parse_sums((folder / "tagmanifest-sha256.txt").read_text())
    manifest = json.loads((folder / "manifest.json").read_text())
    listed = {entry["path"] for entry in manifest["files"]}
    assert manifest["environment"]["packages"]["matplotlib"] == matplotlib.__version__
    card = (folder / "README.md").read_text()
    datasheet = (folder / "DATASHEET.md").read_text()
    for name in names:
        assert (folder / name).is_file() and name in sums and name in tags and name in listed
        assert f"]({name})" in card and f"]({name})" in datasheet  # embedded, with alt text before it
    assert "![Horizontal bar chart of posts per original account, all 4: 晨读小站 3, 山谷回声 2" in card
    assert run_cli("verify", str(folder)).returncode == 0
    (folder / names[0]).write_bytes(b"not the figure")
    tampered = run_cli("verify", str(folder))
    assert tampered.returncode == 1 and f"{names[0]}: changed" in tampered.stdout


def test_two_builds_give_the_same_figure_bytes_whatever_the_users_matplotlibrc(tmp_path: Path) -> None:
    site = write_sample_site(tmp_path / "site")
    first = _release(site, tmp_path / "a")
    config = tmp_path / "mplconfig"
    config.mkdir()
    (config / "matplotlibrc").write_text("font.size: 30\naxes.facecolor: red\nsavefig.dpi: 300\nfont.family: serif\n")
    second = _release(site, tmp_path / "b", env={"MPLCONFIGDIR": str(config), "TZ": "Pacific/Kiritimati"})
    for name in FIGURES:
        one, two = (first / "figures" / name).read_bytes(), (second / "figures" / name).read_bytes()
        assert one == two, name
        assert _chunks(one) == [b"IHDR", b"pHYs", *[b"IDAT"] * (len(_chunks(one)) - 3), b"IEND"]  # no text, no time


def test_figures_are_not_blank(sample_stats) -> None:  # noqa: ANN001
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph missing from the font is a warning: make it fail
        rendered = render_figures(sample_stats)
    assert list(rendered) == list(FIGURES)
    for name, (png, info) in rendered.items():
        image = Image.open(io.BytesIO(png)).convert("RGB")
        assert image.width >= 800 and image.height >= 150, name
        pixels = numpy.asarray(image)
        inked = (pixels != 255).any(axis=2).mean()
        assert 0.02 < inked < 0.9, (name, inked)  # something is drawn, and it is not a solid block
        assert info.alt and info.title and info.path == f"figures/{name}"
    month = Image.open(io.BytesIO(rendered["posts-per-month.png"][0])).convert("RGB")
    assert (numpy.asarray(month) == (44, 160, 44)).all(axis=2).any()  # the wechat bars are there


def test_cjk_labels_use_the_shipped_font(sample_stats) -> None:  # noqa: ANN001
    assert FONT_FILE.is_file() and FONT_FILE.is_relative_to(Path(archiver.__file__).parent)
    assert "SIL OPEN FONT LICENSE Version 1.1" in FONT_FILE.with_name("OFL.txt").read_text()
    _font()
    with matplotlib.style.context("default"), matplotlib.rc_context(_rc()):
        figure, _, _ = top_accounts(sample_stats)
        labels = [t for t in figure.findobj(Text) if any("\u4e00" <= ch <= "\u9fff" for ch in t.get_text())]
        assert {t.get_text() for t in labels} >= {"晨读小站", "山谷回声", "海滨社区服务号", "青柠"}
        for label in labels:
            assert font_manager.findfont(label.get_fontproperties(), fallback_to_default=False) == str(FONT_FILE)


def test_a_one_post_archive_gets_sensible_figures(tmp_path: Path) -> None:
    body = "原文来自微信公众号「晨读小站」：[一次散步](https://mp.weixin.qq.com/s/x)\n\n---\n\n正文。"
    site = write_site(tmp_path / "site", {"_posts/2019-05-01-a.md": post(body=body)})
    folder = _release(site, tmp_path / "dist")
    card = (folder / "README.md").read_text()
    assert "No file was rejected." in card and "No post refers to an image." in card
    assert "all 1: 晨读小站 1." in card
    for name in FIGURES:
        image = Image.open(folder / "figures" / name).convert("L")
        assert image.getextrema()[0] < 128, name  # some dark ink: a message or a bar, never an empty canvas


def test_figures_taken_from_the_cache_are_drawn_without_importing_matplotlib(tmp_path: Path, sample_stats) -> None:  # noqa: ANN001
    # matplotlib costs half a second to import: a release whose counts are unchanged should not pay it.
    (tmp_path / "stats.pickle").write_bytes(pickle.dumps(sample_stats))
    code = (
        "import pickle, sys; from archiver.figures import write_figures; "
        "stats = pickle.loads(open(sys.argv[1], 'rb').read()); "
        "write_figures(stats, sys.argv[2], sys.argv[3]); print('matplotlib' in sys.modules)"
    )
    runs = []
    for out in ("first", "second"):
        args = [sys.executable, "-c", code, str(tmp_path / "stats.pickle"), str(tmp_path / out), str(tmp_path / "c")]
        done = subprocess.run(args, capture_output=True, text=True, check=True)
        runs.append(done.stdout.strip())
    assert runs == ["True", "False"]
    assert sorted(p.read_bytes() for p in (tmp_path / "first/figures").iterdir()) == sorted(
        p.read_bytes() for p in (tmp_path / "second/figures").iterdir()
    )
