"""The plots of the simulation report, drawn with matplotlib (Agg backend, no display needed).

In: plain numbers taken from the summary (floats) and Dutch texts.  Out: a PNG file per plot; each function
returns the path it wrote.  Titles, axis labels and tick labels are Dutch (``1.234,56``).
"""
from __future__ import annotations

from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..evaluate.values import format_number

DPI = 110
GAIN, LOSS = "#2e7d32", "#c62828"
COLOURS = ["#1f5f99", "#e07b00", "#6a3d9a", "#2e7d32", "#b15928", "#00838f"]


def dutch(x: float, decimals: int = 2) -> str:
    """A float as Dutch text with thousands dots and at most `decimals` decimals (trailing zeros dropped)."""
    return format_number(Fraction(f"{x:.{decimals}f}"), None, thousands=True)


def scale(largest: float) -> tuple[float, str]:
    """(divisor, word) to show amounts of this size: miljard, miljoen or as they are."""
    if abs(largest) >= 1e9:
        return 1e9, "mld"
    if abs(largest) >= 1e6:
        return 1e6, "mln"
    return 1.0, ""


def _plain(text: str) -> str:
    """Text for matplotlib without mathtext ($ would start a formula)."""
    return str(text).replace("$", r"\$")


def _axis_format(ax, axis: str = "y", absolute: bool = False) -> None:
    fmt = FuncFormatter(lambda v, _pos: dutch(abs(v) if absolute else v))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def _save(fig, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    return path


def distribution(path: Path, title: str, xlabel: str, panels: list[tuple]) -> Path:
    """Histogram of the non-zero values, one panel per variant, deciles as dashed lines.

    panels: (variant name, class edges, counts per class, deciles) with len(edges) == len(counts) + 1.
    """
    fig, axes = plt.subplots(len(panels), 1, figsize=(8.5, 3.2 * len(panels) + 0.6), squeeze=False,
                             sharex=True)
    for ax, (name, edges, counts, deciles) in zip(axes[:, 0], panels):
        widths = [b - a for a, b in pairwise(edges)]
        ax.bar(edges[:-1], counts, width=widths, align="edge", color=COLOURS[0], edgecolor="white", linewidth=0.4)
        top = max(counts, default=0) or 1
        for i, (value, label) in enumerate(_decile_labels(deciles)):
            ax.axvline(value, color="#444444", linestyle="--", linewidth=0.9)
            ax.text(value, top * (1.06 if i % 2 == 0 else 0.8), label, rotation=90, ha="right", va="top",
                    fontsize=7.5, color="#333333", backgroundcolor=(1, 1, 1, 0.7))
        ax.set_title(_plain(f"variant: {name}"), fontsize=10, loc="left")
        ax.set_ylabel("aantal personen")
        ax.set_ylim(0, top * 1.1)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        _axis_format(ax, "y")
        _axis_format(ax, "x")
        ax.grid(axis="y", alpha=0.3)
    axes[-1, 0].set_xlabel(_plain(xlabel) + "   (stippellijnen: decielen, D1 = 10%, …, D9 = 90%)")
    fig.suptitle(_plain(title), fontsize=12)
    return _save(fig, path)


def _decile_labels(deciles: list[float]) -> list[tuple[float, str]]:
    """Equal deciles share one line: [(value, 'D3–D8'), …]."""
    out: list[tuple[float, list[int]]] = []
    for i, d in enumerate(deciles, 1):
        if out and out[-1][0] == d:
            out[-1][1].append(i)
        else:
            out.append((d, [i]))
    return [(v, f"D{ks[0]}" if len(ks) == 1 else f"D{ks[0]}–D{ks[-1]}") for v, ks in out]


def series(path: Path, title: str, unit: str, lines: list[tuple]) -> Path:
    """Recipients (top) and yearly cost (bottom) per year, one line per variant, the last payment marked.

    lines: (variant name, years, recipients, yearly cost, last year with a payment or None).
    """
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8.5, 6.4), sharex=True)
    largest = max((abs(c) for _n, _y, _r, costs, _l in lines for c in costs), default=0)
    div, word = scale(largest)
    for i, (name, years, recipients, costs, last) in enumerate(lines):
        colour = COLOURS[i % len(COLOURS)]
        top.plot(years, recipients, marker="o", markersize=3, color=colour, label=_plain(name))
        bottom.plot(years, [c / div for c in costs], marker="o", markersize=3, color=colour, label=_plain(name))
        if last is not None:
            for ax in (top, bottom):
                ax.axvline(last, color=colour, linestyle="--", linewidth=0.9)
            who = f" ({name})" if len(lines) > 1 else ""
            top.annotate(_plain(f"laatste betaling{who}: {last}"), (last, 0), xytext=(4, 6 + 12 * i),
                         textcoords="offset points", fontsize=8, color=colour)
    top.set_ylabel("ontvangers (≠ 0)")
    scale_unit = " ".join(x for x in (word, unit) if x)
    bottom.set_ylabel(_plain(f"kosten per jaar ({scale_unit})" if scale_unit else "kosten per jaar"))
    bottom.set_xlabel("jaar")
    for ax in (top, bottom):
        ax.grid(alpha=0.3)
        ax.set_ylim(bottom=0)
        _axis_format(ax, "y")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(fontsize=8, loc="upper right")
    fig.suptitle(_plain(title), fontsize=12)
    return _save(fig, path)


def winners_losers(path: Path, title: str, panels: list[tuple]) -> Path:
    """Diverging horizontal bars per group: losers to the left, winners to the right.

    panels: (panel heading, group labels, winners per label, losers per label).
    """
    heights = [max(1.6, 0.45 * len(labels) + 1.1) for _g, labels, _w, _l in panels]
    fig, axes = plt.subplots(len(panels), 1, figsize=(8.5, sum(heights) + 0.6), squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    for ax, (heading, labels, winners, losers) in zip(axes[:, 0], panels):
        ys = list(range(len(labels)))
        ax.barh(ys, winners, color=GAIN, label="winnaars")
        ax.barh(ys, [-x for x in losers], color=LOSS, label="verliezers")
        ax.set_yticks(ys, [_plain(x) for x in labels])
        ax.invert_yaxis()
        ax.axvline(0, color="#333333", linewidth=0.8)
        widest = max([*winners, *losers, 1])
        ax.set_xlim(-widest * 1.1, widest * 1.1)
        _axis_format(ax, "x", absolute=True)
        ax.set_title(_plain(heading), fontsize=10, loc="left")
        ax.grid(axis="x", alpha=0.3)
        ax.legend(fontsize=8, loc="best")
    axes[-1, 0].set_xlabel("aantal personen (verliezers links, winnaars rechts)")
    fig.suptitle(_plain(title), fontsize=12)
    return _save(fig, path)
