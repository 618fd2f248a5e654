"""Progress bars (tqdm, on stderr) for the steps that can take more than a second: discover, collect,
hash, tar, verify, restore, publish.

Off unless the command line turns them on (`enable`), which it does only when stderr is a terminal and
`--quiet` was not given: piped output and the Python API stay free of them.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import click
from tqdm import tqdm

T = TypeVar("T")
_enabled = False


def enable(on: bool) -> None:
    """Show bars from now on (in this process) when `on`; hide them otherwise."""
    global _enabled
    _enabled = on


def enabled() -> bool:
    return _enabled


def _from_command_line(ctx: click.Context, param: click.Parameter, quiet: bool) -> None:
    enable(sys.stderr.isatty() and not quiet)


# The option of every command with a long step: bars only on a terminal, and not with --quiet.
quiet_option = click.option(
    "--quiet", "-q", is_flag=True, expose_value=False, callback=_from_command_line, help="No progress bars on stderr."
)


def _tqdm(step: str, total: int | None, unit: str) -> tqdm:
    return tqdm(
        total=total,
        desc=step,
        unit=unit,
        unit_scale=unit == "B",
        unit_divisor=1024 if unit == "B" else 1000,
        file=sys.stderr,
        leave=False,  # a finished step clears its line; the command's own output stays readable
        dynamic_ncols=True,
        mininterval=0.2,
        disable=not _enabled,
    )


@contextlib.contextmanager
def bar(step: str, total: int | None = None, unit: str = "file") -> Iterator[Callable[[int], object]]:
    """A bar for one step; yields `advance(n)`. `unit="B"` counts bytes (shown as KB, MB, …)."""
    if not _enabled:
        yield _nothing
        return
    with _tqdm(step, total, unit) as shown:
        yield shown.update


def track(
    items: Iterable[T],
    step: str,
    total: int | None = None,
    unit: str = "file",
    weight: Callable[[T], int] | None = None,
) -> Iterator[T]:
    """`items`, one by one, advancing a bar by one (or by `weight(item)`) once the caller is done with each."""
    with bar(step, total, unit) as advance:
        for item in items:
            yield item
            advance(1 if weight is None else weight(item))


def _nothing(n: int) -> None:
    return None
