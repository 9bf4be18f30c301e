"""Posts' last-modified dates (tests/roots/test-updated): ``last_modified_at``,
or the file's last commit with jekyll-last-modified-at; shown as "Updated …"
in the header, in the JSON-LD and in the feed."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from conftest import copy_root, page, warnings_of

from sphinxext_jekyllposts.modified import commit_times

EDITED = "_posts/2018-05-18-edited"
COMMITTED = "_posts/2018-05-19-committed"
SAME_DAY = "_posts/2018-05-20-same-day"


def git(folder, *args, date="2020-01-02T03:04:05+00:00"):
    environment = dict(
        os.environ,
        GIT_AUTHOR_DATE=date,
        GIT_COMMITTER_DATE=date,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
    )
    subprocess.run(
        ["git", "-C", str(folder), *args], check=True, env=environment, capture_output=True
    )


@pytest.fixture
def repository(tmp_path):
    srcdir = copy_root("updated", tmp_path)
    git(srcdir, "init", "-q")
    git(srcdir, "add", ".")
    git(srcdir, "commit", "-q", "-m", "first", date="2019-01-01T00:00:00+00:00")
    (srcdir / "_posts" / "2018-05-19-committed.md").write_text(
        "---\ntitle: Committed\n---\nIts date is its last commit's, changed.\n", "utf-8"
    )
    git(srcdir, "commit", "-q", "-am", "second")
    return srcdir


def header(app, docname):
    return page(app, docname).select_one(".jekyllposts-post-header").get_text(" ", strip=True)


def test_commit_times_are_the_last_commit_of_each_file(repository):
    times = commit_times(repository)
    assert times["_posts/2018-05-19-committed.md"] == 1577934245  # 2020-01-02T03:04:05Z
    assert times["_posts/2018-05-18-edited.md"] == 1546300800  # 2019-01-01
    assert commit_times(repository / "_posts")["2018-05-18-edited.md"] == 1546300800


def test_a_folder_outside_git_has_no_commit_times(tmp_path):
    assert commit_times(tmp_path) == {}


def test_the_header_json_ld_and_feed_show_the_last_modification(make_app, repository):
    app = make_app("html", srcdir=repository)
    app.build()
    assert warnings_of(app) == ""
    assert "Updated March 4, 2019" in header(app, EDITED)
    assert "Updated January 2, 2020" in header(app, COMMITTED)
    assert "Updated" not in header(app, SAME_DAY)  # the same day as its date
    data = json.loads(page(app, COMMITTED).select_one('script[type="application/ld+json"]').string)
    assert data["dateModified"] == "2020-01-02T03:04:05+00:00"
    assert data["datePublished"] == "2018-05-19T00:00:00+00:00"
    feed = (app.outdir / "feed.xml").read_text("utf-8")
    assert "<updated>2020-01-02T03:04:05+00:00</updated>" in feed
    assert "<updated>2019-03-04T10:00:00+00:00</updated>" in feed


def test_a_commit_of_an_edit_already_built_rewrites_the_post(make_app, repository):
    path = repository / "_posts" / "2018-05-19-committed.md"
    path.write_text(path.read_text("utf-8") + "\nMore.\n", "utf-8")  # not committed yet
    app = make_app("html", srcdir=repository)
    app.build()
    assert "Updated January 2, 2020" in header(app, COMMITTED)  # the last commit's
    git(repository, "commit", "-q", "-am", "more", date="2021-06-07T00:00:00+00:00")
    app = make_app("html", srcdir=repository)
    app.build()  # the file did not change: it is not read again, but written again
    assert "Updated June 7, 2021" in header(app, COMMITTED)


def test_without_the_plugin_only_front_matter_counts(make_app, repository):
    config = repository / "_config.yml"
    config.write_text(
        config.read_text("utf-8").replace("  - jekyll-last-modified-at\n", ""), "utf-8"
    )
    app = make_app("html", srcdir=repository)
    app.build()
    assert "Updated" not in header(app, COMMITTED)
    assert "Updated March 4, 2019" in header(app, EDITED)
