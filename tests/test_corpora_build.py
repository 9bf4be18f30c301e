"""``jekyllposts build`` on every real site in ``../shared/corpora`` (skipped
without ``../shared``): exit status 0, one page per post, warnings at the
site's own paths, and every post compared with what Jekyll rendered
(``benchmarks/fidelity.py``) meeting issue 17's target; and ``benchmarks/site_check.py``'s check
of issue 14 (posts at their Jekyll URLs, local links, static files, ``.nojekyll``)."""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import served

CORPORA = ["chirpy", "jekyll-docs", "minimal-mistakes", "mzlogin"]


@pytest.fixture(scope="module", params=CORPORA)
def corpus(request, shared, tmp_path_factory):
    """One ``jekyllposts build -j 2`` of a shared site: (site, output, result)."""
    site = shared / "corpora" / request.param
    out = tmp_path_factory.mktemp(request.param) / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinxext_jekyllposts",
            "build",
            str(site),
            str(out),
            "-q",
            "-j",
            "2",
        ],
        capture_output=True,
        text=True,
        check=False,
        # CI may set FORCE_COLOR; warnings are compared as plain text.
        env={k: v for k, v in os.environ.items() if k != "FORCE_COLOR"} | {"NO_COLOR": "1"},
    )
    return site, out, result


def test_build_each_corpus(corpus):
    site, out, result = corpus
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = json.loads((site / "jekyll-manifest.json").read_text("utf-8"))
    expected = {entry["path"].rsplit(".", 1)[0] + ".html" for entry in manifest}
    built = {
        path.relative_to(out).as_posix()
        for path in out.rglob("*.html")
        if "_posts/" in path.as_posix() or "_drafts/" in path.as_posix()
    }
    assert built == expected
    for name in built:  # each a post's page, or the redirect to it at its Jekyll URL
        assert served(out / name).is_file(), name
    for line in re.sub(r"\x1b\[[0-9;]*m", "", result.stderr).splitlines():
        if "WARNING" in line:
            assert line.startswith(str(site)), line
    assert literal_liquid_or_ial(out) == []


def literal_liquid_or_ial(out):
    """Liquid or kramdown IAL text shown on a post page (outside code)."""
    found = []
    for path in sorted(out.rglob("*.html")):
        if "_posts/" not in path.as_posix() and "_drafts/" not in path.as_posix():
            continue
        # The post's page, which is at its Jekyll URL (the Sphinx path redirects there).
        soup = BeautifulSoup(served(path).read_text("utf-8"), "html.parser")
        main = soup.find(attrs={"role": "main"}) or soup.body
        for code in main.find_all(["pre", "code", "script", "style"]):
            code.decompose()
        text = main.get_text(" ")
        found += [
            (path.name, m[0]) for m in re.finditer(r"\{%.{0,30}|\{\{.{0,30}|\{:.{0,30}", text)
        ]
    return found


def _fidelity():
    path = Path(__file__).parents[1] / "benchmarks" / "fidelity.py"
    spec = importlib.util.spec_from_file_location("fidelity", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["fidelity"] = module
    spec.loader.exec_module(module)
    return module


def test_posts_read_as_jekyll_rendered_them(corpus):
    """Similarity, lost text and structure against ``jekyll-content.json``."""
    site, out, result = corpus
    assert result.returncode == 0, result.stderr[-2000:]
    fidelity = _fidelity()
    results = fidelity.compare_site(site, out)
    summary = fidelity.summarize(site.name, results)
    assert summary.meets_target, "\n".join(
        [fidelity.HEADER, summary.row(), *fidelity.worst(results, 8)]
    )


def _site_check():
    # site_check.py imports jekyll_files.py beside it, as when it runs as a script.
    benchmarks = str(Path(__file__).parents[1] / "benchmarks")
    if benchmarks not in sys.path:
        sys.path.insert(0, benchmarks)
    return importlib.import_module("site_check")


@pytest.fixture(scope="module")
def site_report(corpus):
    """``benchmarks/site_check.py`` on the corpus's build (issue 14's check)."""
    site, out, result = corpus
    assert result.returncode == 0, result.stderr[-2000:]
    site_check = _site_check()
    report = site_check.check_site(site, out)
    return report, "\n".join(
        [site_check.HEADER, report.row(), *site_check.failures_text(report, 8)]
    )


def test_every_post_served_at_its_jekyll_url(site_report):
    report, figures = site_report
    assert report.passed["posts"], figures


def test_every_local_link_resolves(site_report):
    """Links Jekyll's own output has broken (to nothing the corpus has) aside."""
    report, figures = site_report
    assert report.passed["links"], figures


def test_every_static_file_at_its_path(site_report):
    report, figures = site_report
    assert report.passed["static files"], figures


def test_nojekyll(site_report):
    report, figures = site_report
    assert report.passed[".nojekyll"], figures
