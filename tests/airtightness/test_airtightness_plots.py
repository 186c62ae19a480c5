"""Figures return matplotlib Figures (no window), with the confidence band and the targets."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure
from tests.airtightness.helpers import DATASETS, power_law_rows, write_test_file

from perfqual.io.blower_door import read_blower_door_file
from perfqual.qa.airtightness import analyse_test, judge
from perfqual.report.plots_airtightness import plot_campaign, plot_power_law_fit


def test_plot_power_law_fit_both_directions(tmp_path):
    rows = power_law_rows("dépressurisation") + power_law_rows("pressurisation", c=35.0)
    a = analyse_test(read_blower_door_file(write_test_file(tmp_path / "b.csv", rows)))
    fig = plot_power_law_fit(a)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and len(ax.collections) == 2  # one band per direction


def test_plot_campaign_and_labels():
    a = analyse_test(read_blower_door_file(
        DATASETS / "reference" / "blower_door_tv_a2" / "essai.csv"))
    judgements = [judge(a, 0.6), judge(a, 0.4), judge(a, 0.436)]
    fig = plot_campaign(judgements, ["a", "b", "c"])
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["a", "b", "c"]
    with pytest.raises(ValueError):
        plot_campaign([])
    with pytest.raises(ValueError):
        plot_campaign(judgements, ["a"])
