"""Charts with Chinese labels: one set-up for every notebook.

The CJK font comes inside the `mplfonts` wheel (Noto Sans CJK SC), so a fresh install renders Chinese
without system fonts. It is registered with matplotlib's font manager; nothing is written into
matplotlib's own folders.
"""

from __future__ import annotations

import functools
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless: notebooks run under papermill and CI

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"

# seaborn's set_theme(style="whitegrid") written out (its rcParams that differ from matplotlib's defaults and
# show in our charts): importing seaborn only for this cost 0.4 s per kernel.
WHITEGRID = {
    "axes.axisbelow": True, "axes.edgecolor": ".8", "axes.grid": True, "axes.labelcolor": ".15",
    "axes.labelsize": 12, "axes.linewidth": 1.25, "axes.titlesize": 12, "font.size": 12,
    "grid.color": ".8", "grid.linewidth": 1, "legend.fontsize": 11, "lines.solid_capstyle": "round",
    "patch.edgecolor": "w", "patch.force_edgecolor": True, "text.color": ".15",
    "xtick.bottom": False, "xtick.color": ".15", "xtick.labelsize": 11,
    "xtick.major.size": 6, "xtick.major.width": 1.25,
    "ytick.left": False, "ytick.color": ".15", "ytick.labelsize": 11,
    "ytick.major.size": 6, "ytick.major.width": 1.25,
}


def cjk_font_path() -> Path:
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / CJK_FONT_FILE
    if not path.exists():
        raise FileNotFoundError(f"CJK font {CJK_FONT_FILE} not found in the mplfonts package ({path})")
    return path


@functools.cache
def _register_cjk_font() -> str:
    """Adds the font to matplotlib's font manager once per process; returns its family name."""
    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def setup() -> str:
    """Register the CJK font and make it matplotlib's default in a white style with a light grid;
    returns the font name."""
    name = _register_cjk_font()
    plt.rcParams.update({**WHITEGRID, "font.family": [name], "font.sans-serif": [name, "DejaVu Sans"],
                         "axes.unicode_minus": False, "figure.dpi": 100, "svg.hashsalt": "plan-review"})
    return name
