"""The fit's checks figure reads a fall, a bound and a far-off figure the way it reads a level."""

from attrit.report.fit_figures import CLIP, checks


def row(key, reported, q05, q50, q95, stated="point", high=None):
    return {"key": key, "kind": "figure", "reported": reported, "q05": q05, "q50": q50,
            "q95": q95, "scale": abs(reported) * 0.1, "inside": True, "inside_with_noise": True,
            "stated": stated, "high": high}  # fmt: skip


def test_a_fall_a_bound_and_a_far_off_figure_are_drawn_in_reported_figures():
    fig = checks({"checks": [
        row("fell.change", -15636, -22181, -16340, -10625),  # a fall: simulated / reported ~ 1
        row("some", 1, 300, 400, 500, stated="lower"),  # 'present': 400 times the figure
        row("few", 30, 25, 33, 45, stated="interval", high=40),
    ]})  # fmt: skip
    ax = fig.axes[0]
    blue = [c for c in ax.collections if c.get_linewidth()[0] == 3]
    (fall,), (far,), _ = (c.get_segments() for c in blue)
    lo, hi = sorted((fall[0][0], fall[1][0]))
    assert lo < 1.0 < hi and lo > 0  # the fall reads as around 1, not as -1
    assert far[0][0] == far[1][0] == CLIP[1]  # drawn at the edge, the axis kept
    assert ax.get_xlim() == (CLIP[0] - 0.1, CLIP[1] + 0.1)
    markers = [
        m.get_marker() for m in ax.lines if m.get_xdata()[0] == 1.0 and m.get_marker() != "None"
    ]
    assert markers == ["D", ">", "D"]
