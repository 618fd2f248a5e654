"""Drawing the figures with matplotlib (imported only when a figure is not in the cache)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import matplotlib
import matplotlib.style
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from archiver.errors import counted
from archiver.figures import FOLDER, NAMES, FigureInfo
from archiver.progress import track
from archiver.stats import NO_DATE, NO_PLATFORM, DatasetStats

FONT_FILE = Path(__file__).with_name("fonts") / "NotoSansCJKsc-Regular-subset.otf"
FONT_FAMILY = "Noto Sans CJK SC archiver subset"
# DejaVu Sans ships inside matplotlib: the fallback for the odd symbol the CJK subset lacks.
FAMILIES = [FONT_FAMILY, "DejaVu Sans"]
DPI = 120
WIDTH = 9.0  # inches
LABEL_CHARS = 22  # longer account and outlet names are cut, with …

# Colours by platform (and by image status), fixed so that every release reads the same way.
PLATFORM_COLOURS = {
    "wechat": "#2ca02c",
    "weibo": "#d62728",
    "douban": "#9467bd",
    "zhihu": "#1f77b4",
    "web": "#ff7f0e",
    "other": "#8c564b",
    NO_PLATFORM: "#bdbdbd",
}
STATUS_COLOURS = {
    "present": "#2ca02c",
    "missing": "#d62728",
    "remote": "#ff7f0e",
    "inline": "#1f77b4",
    "refused": "#7f7f7f",
}
OTHER_COLOUR = "#7f7f7f"
BAR_COLOUR = "#4c72b0"


def _font() -> None:
    """Register the shipped CJK font with matplotlib once per process."""
    if not any(entry.fname == str(FONT_FILE) for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(FONT_FILE))


def _rc() -> dict[str, object]:
    return {
        "font.family": "sans-serif",
        "font.sans-serif": FAMILIES,
        "font.size": 10,
        "axes.titlesize": 12,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "savefig.dpi": DPI,
        "figure.dpi": DPI,
        "svg.hashsalt": "archiver",
    }


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    # metadata Software=None: no matplotlib version in the file; PNGs carry no time unless asked to.
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def _counts_text(counts: list[tuple[str, int]]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counts)


def _empty(title: str, message: str) -> Figure:
    figure = Figure(figsize=(WIDTH, 1.8))
    figure.suptitle(title, fontsize=12)
    figure.text(0.5, 0.4, message, ha="center", va="center", fontsize=11, color="#555555")
    return figure


def _bars(title: str, counts: list[tuple[str, int]], xlabel: str, colours: list[str], total: int | None) -> Figure:
    """Horizontal bars, the largest at the top, each with its count (and share of `total`)."""
    height = max(1.7, 1.1 + 0.34 * len(counts))
    figure = Figure(figsize=(WIDTH, height), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(counts)))
    values = [count for _, count in counts]
    axes.barh(positions, values, color=colours, height=0.7)
    axes.set_yticks(positions, [_short(name) for name, _ in counts])
    axes.set_ylim(len(counts) - 0.5, -0.5)  # the first (largest) at the top
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlim(0, max(values) * 1.15)
    axes.set_xlabel(xlabel)
    axes.set_title(title, loc="left")
    for position, value in zip(positions, values, strict=True):
        label = f" {value}" + (f" ({value / total:.0%})" if total else "")
        axes.text(value, position, label, va="center", fontsize=9)
    return figure


def _months(stats: DatasetStats) -> tuple[list[str], int]:
    """Every month from the first to the last (empty ones too), and the number of undated posts."""
    dated = [month for month in stats.months if month != NO_DATE]
    undated = sum(stats.months.get(NO_DATE, {}).values())
    if not dated:
        return [], undated
    year, month = map(int, dated[0].split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= dated[-1]:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months, undated


def _platform_order(stats: DatasetStats) -> list[str]:
    known = [name for name in PLATFORM_COLOURS if name in stats.platforms]
    return known + sorted(name for name in stats.platforms if name not in PLATFORM_COLOURS)


def posts_per_month(stats: DatasetStats) -> tuple[Figure, str, str]:
    months, undated = _months(stats)
    basis = {"date_local": "calendar month of the post", "date": "month in UTC"}.get(
        stats.date_basis, stats.date_basis.replace("date in ", "month in ")
    )
    title = f"Posts per month, by source platform ({basis})"
    if not months:
        return _empty(title, "No post has a date."), title, "No post has a date, so there is nothing to chart."
    figure = Figure(figsize=(WIDTH, 4.2), layout="constrained")
    axes = figure.add_subplot()
    bottoms = [0] * len(months)
    for platform in _platform_order(stats):
        values = [stats.months.get(month, {}).get(platform, 0) for month in months]
        colour = PLATFORM_COLOURS.get(platform, OTHER_COLOUR)
        axes.bar(range(len(months)), values, bottom=bottoms, color=colour, width=0.8, label=platform)
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    step = max(1, -(-len(months) // 24))  # at most 24 month labels
    axes.set_xticks(range(0, len(months), step), months[::step], rotation=90, fontsize=8)
    span = max(len(months), 8)  # one month alone still gets a bar of ordinary width
    axes.set_xlim(-0.5 - (span - len(months)) / 2, len(months) - 0.5 + (span - len(months)) / 2)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("posts")
    axes.set_title(title, loc="left")
    axes.legend(title="platform", fontsize=8, title_fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if undated:
        axes.text(1.0, -0.02, f"{undated} undated post(s) not shown", transform=axes.transAxes, ha="right", va="top")
    busiest = max(months, key=lambda month: (sum(stats.months.get(month, {}).values()), month))
    alt = (
        f"Stacked bar chart of posts per month from {months[0]} to {months[-1]}, coloured by source platform "
        f"({_counts_text(sorted(stats.platforms.items(), key=lambda item: (-item[1], item[0])))}); "
        f"the busiest month is {busiest} with {counted(sum(stats.months[busiest].values()), 'post')}"
        + (f"; {counted(undated, 'post')} without a date are not shown." if undated else ".")
    )
    return figure, title, alt


def top_accounts(stats: DatasetStats) -> tuple[Figure, str, str]:
    return _top(stats.top_accounts, stats.accounts, "original accounts", "No post names an original account.")


def top_outlets(stats: DatasetStats) -> tuple[Figure, str, str]:
    return _top(stats.top_outlets, stats.outlets, "source outlets", "No post names a source outlet.")


def _top(counts: list[tuple[str, int]], distinct: int, what: str, nothing: str) -> tuple[Figure, str, str]:
    shown = f"top {len(counts)} of {distinct}" if len(counts) < distinct else f"all {distinct}"
    title = f"{what.capitalize()} by number of posts ({shown})"
    if not counts:
        return _empty(title, nothing), title, nothing
    figure = _bars(title, counts, "posts", [BAR_COLOUR] * len(counts), None)
    alt = f"Horizontal bar chart of posts per {what[:-1]}, {shown}: {_counts_text(counts)}."
    return figure, title, alt


def images_by_status(stats: DatasetStats) -> tuple[Figure, str, str]:
    total = sum(stats.images.values())
    title = f"Image references by status ({total} in all)"
    if not total:
        return _empty(title, "No post refers to an image."), title, "No post refers to an image."
    order = [s for s in STATUS_COLOURS if s in stats.images] + sorted(
        s for s in stats.images if s not in STATUS_COLOURS
    )
    counts = [(status, stats.images[status]) for status in order]
    figure = _bars(title, counts, "image references", [STATUS_COLOURS.get(s, OTHER_COLOUR) for s in order], total)
    return figure, title, f"Horizontal bar chart of image references by status: {_counts_text(counts)}."


def rejects_by_reason(stats: DatasetStats) -> tuple[Figure, str, str]:
    total = sum(stats.rejects.values())
    title = f"Rejected files by reason ({total} in all)"
    if not total:
        return _empty(title, "No file was rejected."), title, "No file was rejected."
    counts = sorted(stats.rejects.items(), key=lambda item: (-item[1], item[0]))
    figure = _bars(title, counts, "files", [OTHER_COLOUR] * len(counts), total)
    return figure, title, f"Horizontal bar chart of rejected files by reason: {_counts_text(counts)}."


FIGURES: dict[str, Callable[[DatasetStats], tuple[Figure, str, str]]] = dict(
    zip(NAMES, (posts_per_month, top_accounts, top_outlets, images_by_status, rejects_by_reason), strict=True)
)


def render_figures(stats: DatasetStats) -> dict[str, tuple[bytes, FigureInfo]]:
    """Every figure as PNG bytes with its title and alt text, keyed by file name."""
    _font()
    rendered = {}
    with matplotlib.style.context("default"), matplotlib.rc_context(_rc()):
        for name, draw in track(FIGURES.items(), "figures", len(FIGURES), unit="figure"):
            figure, title, alt = draw(stats)
            rendered[name] = (_png(figure), FigureInfo(f"{FOLDER}/{name}", title, alt))
    return rendered
