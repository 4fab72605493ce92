"""Charts with Chinese labels: one set-up for every notebook.

The CJK font comes inside the `mplfonts` wheel (Noto Sans CJK SC), so a fresh install renders Chinese
without system fonts. It is registered with matplotlib's font manager; nothing is written into
matplotlib's own folders.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless: notebooks run under papermill and CI

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib import font_manager  # noqa: E402

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"


def cjk_font_path() -> Path:
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / CJK_FONT_FILE
    if not path.exists():
        raise FileNotFoundError(f"CJK font {CJK_FONT_FILE} not found in the mplfonts package ({path})")
    return path


def setup() -> str:
    """Register the CJK font and make it seaborn's and matplotlib's default; returns the font name."""
    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    # sns.set_theme resets rcParams, so the font is passed to it rather than set before.
    sns.set_theme(style="whitegrid", font=name, rc={"axes.unicode_minus": False, "figure.dpi": 100,
                                                       "svg.hashsalt": "plan-review"})
    plt.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    return name
