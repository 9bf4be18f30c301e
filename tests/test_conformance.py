"""The same posts as Jekyll 4.3.1 on every real site in ``../shared/corpora``
(skipped without ``../shared``): ``jekyllposts inspect --json`` compared with
the ``jekyll-manifest.json`` Jekyll itself wrote.

Run with ``-s`` to see the per-site, per-field agreement table.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sphinxext_jekyllposts.jekyll.excerpts import html_text

CORPORA = ["chirpy", "jekyll-docs", "minimal-mistakes", "mzlogin"]
EXACT_FIELDS = ["url", "id", "date", "title", "slug", "categories", "tags", "draft"]
#: Known excerpt differences (docs/front-matter.md, "Known differences"):
#: kramdown's smart quotes next to CJK text (mzlogin, 2 posts).
EXCERPT_AGREEMENT = 0.98


def _inspect(site) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-m", "sphinxext_jekyllposts", "inspect", str(site), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def agreement(shared):
    table = {}
    for name in CORPORA:
        site = shared / "corpora" / name
        manifest = {e["path"]: e for e in json.loads((site / "jekyll-manifest.json").read_text())}
        ours = {e["path"]: e for e in _inspect(site)}
        common = sorted(set(ours) & set(manifest))
        fields = {}
        for field in [*EXACT_FIELDS, "excerpt"]:
            mismatches = []
            for path in common:
                theirs = manifest[path]
                if field == "excerpt":
                    expected = html_text(theirs["excerpt_html"])
                elif field == "tags":
                    expected = [str(tag) for tag in theirs["tags"]]
                else:
                    expected = theirs[field]
                if ours[path][field] != expected:
                    mismatches.append((path, ours[path][field], expected))
            fields[field] = mismatches
        table[name] = {"ours": set(ours), "theirs": set(manifest), "fields": fields}
    print("\nsite               posts " + " ".join(f"{f:>10}" for f in [*EXACT_FIELDS, "excerpt"]))
    for name, row in table.items():
        total = len(row["theirs"])
        cells = " ".join(
            f"{100 * (total - len(row['fields'][f])) / total:9.1f}%" for f in row["fields"]
        )
        print(f"{name:18} {total:5} {cells}")
        for field, mismatches in row["fields"].items():
            for path, got, expected in mismatches:
                print(f"  {name} {path} {field}: ours {got!r} jekyll {expected!r}")
    return table


@pytest.mark.parametrize("name", CORPORA)
def test_post_set_is_exactly_jekylls(agreement, name):
    assert agreement[name]["ours"] == agreement[name]["theirs"]


@pytest.mark.parametrize("name", CORPORA)
@pytest.mark.parametrize("field", EXACT_FIELDS)
def test_field_agrees_with_jekyll_on_every_post(agreement, name, field):
    assert agreement[name]["fields"][field] == []


@pytest.mark.parametrize("name", CORPORA)
def test_excerpt_text_agrees_with_jekyll(agreement, name):
    total = len(agreement[name]["theirs"])
    mismatches = agreement[name]["fields"]["excerpt"]
    assert (total - len(mismatches)) / total >= EXCERPT_AGREEMENT, mismatches
