"""A smoke test of benchmarks/run.py at 20 posts: it builds every scenario and
writes its results, report and targets. No timing is asserted."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parents[1] / "benchmarks" / "run.py"


def test_the_benchmark_runs_at_twenty_posts(tmp_path):
    command = [sys.executable, str(SCRIPT), "--posts", "20", "--runs", "1"]
    command += ["--variants", "floor", "ours", "--out", str(tmp_path), "--docs", str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads((tmp_path / "20-alabaster.json").read_text("utf-8"))
    assert data["posts"] == 20
    for variant in ("floor", "ours"):
        summary = data["variants"][variant]
        for scenario in ("full", "nochange", "edit", "add", "full-j2"):
            assert summary[scenario]["median_seconds"] > 0
        assert summary["environment_bytes"] > 0
        assert summary["output_bytes"] > 0
    # jekyllposts serve served an edited post (how fast is reported, not asserted)
    assert data["variants"]["ours"]["edit_to_served_seconds"] > 0
    # the one-post edit rewrites the post and the pages that list it, not the site
    assert 1 <= data["variants"]["ours"]["edit"]["written"] < 20
    table = (tmp_path / "alabaster.md").read_text("utf-8")
    assert "| ours |" in table
    assert "full build at most 1.5x the floor" in table
    if importlib.util.find_spec("matplotlib"):
        assert (tmp_path / "alabaster.png").read_bytes().startswith(b"\x89PNG")
