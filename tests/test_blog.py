"""Category toctrees, post listings and generated category/tag/year pages on a
blog of 30 posts (CJK categories, ``C``, ``C#`` and ``C++``)."""

from __future__ import annotations

import re
import shutil
import urllib.parse

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, href, page, page_file, warnings_of

from sphinxext_jekyllposts.jekyll.archives import archive_slugs
from sphinxext_jekyllposts.state import site_state


def texts(html, selector):
    return [" ".join(x.get_text(" ", strip=True).split()) for x in html.select(selector)]


@pytest.mark.sphinx("html", testroot="blog")
def test_the_blog_builds_without_any_warning(app):
    app.build()
    assert warnings_of(app) == ""


def test_archive_slugs_never_collide_and_keep_cjk():
    slugs = archive_slugs(["C", "C#", "C++", "技术", "Edge Case", "!!!", ""])
    assert slugs["C"] == "c"
    assert slugs["技术"] == "技术"
    assert slugs["Edge Case"] == "edge-case"
    assert len(set(slugs.values())) == len(slugs)
    assert all(slugs.values())
    assert re.fullmatch(r"c-[0-9a-f]{6}", slugs["C++"])
    # a name's slug does not depend on which other names exist
    assert archive_slugs(["C++", "C"])["C++"] == slugs["C++"]


@pytest.mark.sphinx("html", testroot="blog")
def test_category_toctree_lists_category_pages_with_counts_and_every_post(app):
    app.build()
    entries = texts(page(app, "index"), ".toctree-wrapper > ul > li > a")
    assert entries[:7] == [
        "C (5)",
        "C# (6)",
        "C++ (5)",
        "Edge Case (5)",
        "python (5)",
        "技术 (6)",
        "随笔 (5)",
    ]
    # The post without a category is its year page's child, not the root page's
    # (whose toctrees every page's navigation prints).
    assert entries[7:] == ["Tags", "Archive"]
    state = site_state(app.env)
    (docname,) = [d for d, p in state.posts() if not p.categories]
    year = state.archive_page("year", state.post(docname).date.strftime("%Y"))
    assert docname in app.env.toctree_includes[year]
    parents = app.env.toctree_includes
    included = {doc for children in parents.values() for doc in children}
    for docname, _post in state.posts():
        assert docname in included, docname


@pytest.mark.sphinx("html", testroot="blog")
def test_generated_pages_are_real_documents(app):
    app.build()
    for docname in ("category/技术", "category/c", "tag/云计算", "year/2018", "tag/index"):
        assert docname in app.env.all_docs, docname
        assert (app.outdir / f"{docname}.html").is_file()
    # three different pages for C, C# and C++
    titles = {app.env.titles[d].astext() for d in app.env.all_docs if d.startswith("category/c")}
    assert titles == {"C", "C#", "C++"}
    # in search
    assert '"category/\\u6280\\u672f"' in (app.outdir / "searchindex.js").read_text("utf-8")
    # nothing in the source folder
    assert not (app.srcdir / "category").exists()


@pytest.mark.sphinx("html", testroot="blog")
def test_generated_pages_are_linkable_by_label_and_docname(app):
    app.build()
    links = page(app, "links")
    hrefs = [a["href"].split("#")[0] for a in links.select(".body li a")]
    assert hrefs == [
        "category/%E6%8A%80%E6%9C%AF.html",
        "category/%E6%8A%80%E6%9C%AF.html",
        "tag/%E4%BA%91%E8%AE%A1%E7%AE%97.html",
        "year/2018.html",
    ]
    assert texts(links, ".body li") == ["技术", "技术", "云计算", "2018"]


@pytest.mark.sphinx("html", testroot="blog")
def test_a_category_page_lists_its_posts_newest_first_with_excerpts(app):
    app.build()
    html = page(app, "category/技术")
    items = html.select(".jekyllposts-post-list li")
    assert len(items) == 6
    dates = [li.select_one(".jekyllposts-date").get_text() for li in items]
    assert dates[0] == "May 13, 2020"
    assert items[0].select_one(".jekyllposts-excerpt").get_text().startswith("First paragraph")


@pytest.mark.sphinx("html", testroot="blog")
def test_post_list_filters_sort_limit_fields_and_date_format(app):
    app.build()
    html = page(app, "listings")
    lists = html.select("ul.jekyllposts-post-list")
    by_category = texts(lists[0], "li")
    assert by_category[0] == "2016-01-01 第0篇 post 0 By 马壮 技术, C# 云计算"
    assert len(by_category) == 6  # oldest first, all of 技术
    tips_2018 = lists[1].select("li")
    assert [li.select_one("a").get_text() for li in tips_2018] == ["Post number 2"]
    assert tips_2018[0].select_one(".jekyllposts-excerpt") is not None
    by_alice = [li.select_one("a").get_text() for li in lists[2].select("li")]
    assert by_alice == ["Post number 1", "Post number 10", "Post number 13"]
    links = lists[0].select("a")
    assert links[0]["href"] == href(app, "listings", "_posts/2016-01-01-post-0")


@pytest.mark.sphinx("html", testroot="blog")
def test_category_toctree_with_a_category_lists_its_posts_newest_first(app):
    app.build()
    html = page(app, "listings")
    (wrapper,) = html.select(".toctree-wrapper")
    assert wrapper.select_one(".caption").get_text() == "C++ posts"
    assert texts(wrapper, "li a") == ["第9篇 post 9", "Post number 23"]  # :limit: 2


@pytest.mark.sphinx("html", testroot="blog")
def test_post_list_works_in_restructuredtext(app):
    app.build()
    items = page(app, "listing-rst").select("ul.jekyllposts-post-list li")
    assert len(items) == 2


@pytest.mark.sphinx("html", testroot="blog")
def test_post_header_links_to_category_and_tag_pages_and_neighbours(app):
    app.build()
    post = "_posts/2016-01-01-post-0"
    html = page(app, post)
    categories = html.select(".jekyllposts-category a")
    assert [a.get_text() for a in categories] == ["技术", "C#"]
    assert app.builder.get_target_uri("category/技术") == "category/%E6%8A%80%E6%9C%AF.html"
    assert categories[0]["href"] == href(app, post, "category/技术")
    state = site_state(app.env)
    first_tag = state.archive_page("tag", state.post(post).tags[0])
    assert first_tag.startswith("tag/")
    assert html.select_one(".jekyllposts-tag a")["href"] == href(app, post, first_tag)
    navigation = html.select_one(".jekyllposts-post-navigation")
    assert navigation.select_one(".jekyllposts-older") is None  # the oldest post
    newer = navigation.select_one(".jekyllposts-newer a")["href"]
    assert newer == href(app, post, "_posts/2016-08-22-post-25")


def _blog(tmp_path):
    srcdir = tmp_path / "blog"
    shutil.copytree(ROOTS / "test-blog", srcdir)
    return srcdir


def _build(make_app, srcdir, **kwargs):
    app = make_app("html", srcdir=srcdir, **kwargs)
    app.build()
    app.cleanup()
    return app


def _status(app):
    return re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())


def _read(app):
    """The docnames Sphinx read in this build."""
    status = _status(app)
    read = re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status)
    return set(read)


def _written(app):
    status = _status(app)
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))


def test_a_no_change_rebuild_reads_and_writes_nothing(make_app, tmp_path):
    srcdir = _blog(tmp_path)
    _build(make_app, srcdir)
    again = _build(make_app, srcdir)
    assert "0 added, 0 changed, 0 removed" in _status(again)
    assert "no targets are out of date" in _status(again)


def test_adding_a_post_updates_exactly_the_pages_that_show_it(make_app, tmp_path):
    srcdir = _blog(tmp_path)
    _build(make_app, srcdir)
    (srcdir / "_posts" / "2021-01-01-new.md").write_text(
        "---\ntitle: Brand new\ncategories: [python]\ntags: [news]\n---\n\nNew.\n", "utf-8"
    )
    app = _build(make_app, srcdir)
    assert warnings_of(app) == ""
    assert _read(app) == {
        "_posts/2021-01-01-new",
        "_posts/2020-12-07-post-29",  # its "newer" link
        "index",  # the category toctree: python (6)
        "category/index",
        "category/python",
        "tag/index",
        "tag/news",
        "year/index",
        "year/2021",
    }
    written = _written(app)
    assert "listing-rst" in written  # it lists the newest python posts
    # What every page's navigation is made of changed (the category's count):
    # they are written again (not read again, above), as a full build would.
    assert {"listings", "links"} <= written, written
    assert "category/python" in written
    html = (app.outdir / "category" / "python.html").read_text("utf-8")
    assert "Brand new" in html
    assert "Brand new" in (app.outdir / "index.html").read_text("utf-8")  # recent posts


def test_changing_a_posts_category_moves_it(make_app, tmp_path):
    srcdir = _blog(tmp_path)
    _build(make_app, srcdir)
    post = srcdir / "_posts" / "2016-01-01-post-0.md"
    post.write_text(
        post.read_text("utf-8").replace("categories: [技术, 'C#']", "categories: [随笔]")
    )
    app = _build(make_app, srcdir)
    assert warnings_of(app) == ""
    read = _read(app)
    assert {"_posts/2016-01-01-post-0", "category/技术", "category/随笔", "index"} <= read
    assert "第0篇" not in (app.outdir / "category" / "技术.html").read_text("utf-8")
    assert "第0篇" in (app.outdir / "category" / "随笔.html").read_text("utf-8")
    assert "listings" in _written(app)  # its 技术 listing lost the post


def test_deleting_the_last_post_of_a_tag_removes_the_tag_page(make_app, tmp_path):
    srcdir = _blog(tmp_path)
    _build(make_app, srcdir)
    for path in (srcdir / "_posts").iterdir():
        if "k8s" in path.read_text("utf-8"):
            path.unlink()
    app = _build(make_app, srcdir)
    assert "tag/k8s" not in app.env.all_docs
    assert "k8s" not in (app.outdir / "tag" / "index.html").read_text("utf-8")


def test_parallel_build_of_the_blog_gives_the_same_pages(make_app, tmp_path):
    pages = {}
    for jobs in (1, 2):
        srcdir = tmp_path / f"j{jobs}"
        shutil.copytree(ROOTS / "test-blog", srcdir)
        app = _build(make_app, srcdir, parallel=jobs)
        assert warnings_of(app) == ""
        pages[jobs] = {
            p.relative_to(app.outdir).as_posix(): p.read_text("utf-8").replace(f"j{jobs}", "jN")
            for p in app.outdir.rglob("*.html")
        }
    assert pages[1].keys() == pages[2].keys()
    for name in pages[1]:
        assert pages[1][name] == pages[2][name], name


def test_filters_that_match_nothing_warn_with_the_value(make_app, tmp_path):
    srcdir = _blog(tmp_path)
    (srcdir / "empty.md").write_text(
        "---\norphan: true\n---\n# Empty\n\n```{post-list}\n:category: Nope\n```\n\n"
        "```{post-list}\n:tag: tips\n:author: Nobody\n```\n\n"
        "```{post-list}\n:tag: news\n:category: C\n```\n\n"
        "```{category-toctree} Nope\n```\n\n```{post-list}\n:sorted: yes\n```\n",
        "utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = warnings_of(app)
    assert (
        "empty.md:6: WARNING: post-list: no post has category 'Nope' [jekyllposts.directive]"
        in warnings
    )
    assert "empty.md:10: WARNING: post-list: no post has author 'Nobody'" in warnings
    assert "no post matches all of tag 'tips', author" not in warnings  # said once
    assert (
        "empty.md:15: WARNING: post-list: no post matches all of category 'C', tag 'news'"
        in warnings
    )
    assert "category-toctree: no post has the category 'Nope'" in warnings
    assert re.search(r"nknown option.*sorted", warnings)  # reported by MyST, worded by version
    assert "No posts." in page(app, "empty").get_text()


@pytest.mark.sphinx("html", testroot="blog", confoverrides={"jekyllposts_paginate": 4})
def test_all_posts_are_paginated_with_newer_and_older_links(app):
    app.build()
    assert warnings_of(app) == ""
    pages = [f"page{n}" for n in range(1, 9)]  # 30 posts, 4 a page
    for docname in pages:
        assert docname in app.env.all_docs
    first = page(app, "page1")
    assert len(first.select(".jekyllposts-post-list > li")) == 4
    assert texts(first, ".jekyllposts-pagination a") == ["Older posts"]
    middle = page(app, "page3")
    # pages 2 and after at jekyll-paginate's URLs, /page2/ ... (page 1 is the
    # root page there; here it keeps its own path)
    assert page_file(app, "page3") == app.outdir / "page3/index.html"
    assert page_file(app, "page1") == app.outdir / "page1.html"
    assert [a["href"] for a in middle.select(".jekyllposts-pagination a")] == [
        "../page2/index.html",
        "../page4/index.html",
    ]
    last = page(app, "page8")
    assert len(last.select(".jekyllposts-post-list > li")) == 2
    assert last.select(".jekyllposts-post-list a")[-1].get_text() == "第0篇 post 0"  # oldest
    # every page is in the navigation: page 1 from the root, the others from page 1
    assert "page1" in app.env.toctree_includes["index"]
    assert app.env.toctree_includes["page1"] == pages[1:]


SIDEBARS = {
    "html_sidebars": {
        "**": [
            "jekyllposts/recent-posts.html",
            "jekyllposts/categories.html",
            "jekyllposts/tags.html",
            "jekyllposts/archives.html",
        ]
    }
}


@pytest.mark.sphinx("html", testroot="blog", confoverrides=SIDEBARS)
def test_sidebar_templates_show_recent_posts_categories_tags_and_years(app):
    app.build()
    assert warnings_of(app) == ""
    post = "_posts/2016-01-01-post-0"
    html = page(app, post)
    recent = html.select(".jekyllposts-recent-posts li a")
    assert [a.get_text() for a in recent][:2] == ["Post number 29", "Post number 4"]
    assert recent[0]["href"] == href(app, post, "_posts/2020-12-07-post-29")
    categories = texts(html, ".jekyllposts-categories-sidebar li")
    assert categories[0] == "C (5)"
    assert html.select_one(".jekyllposts-tags-sidebar a")["href"] == href(app, post, "tag/c")
    assert texts(html, ".jekyllposts-archives-sidebar li")[0] == "2020 (6)"


def test_sidebars_are_rewritten_on_every_page_when_they_change(make_app, tmp_path):
    srcdir = _blog(tmp_path)
    _build(make_app, srcdir, confoverrides=SIDEBARS)
    unchanged = _build(make_app, srcdir, confoverrides=SIDEBARS)
    assert "no targets are out of date" in _status(unchanged)
    (srcdir / "_posts" / "2021-01-01-new.md").write_text("---\ntitle: Newest\n---\nx\n", "utf-8")
    app = _build(make_app, srcdir, confoverrides=SIDEBARS)
    assert "links" in _written(app)  # nothing on it changed but its sidebar
    assert "Newest" in (app.outdir / "links.html").read_text("utf-8")


def test_hostile_category_and_tag_names(make_app, tmp_path):
    srcdir = tmp_path / "odd"
    (srcdir / "_posts").mkdir(parents=True)
    (srcdir / "conf.py").write_text('extensions = ["sphinxext_jekyllposts"]\n', "utf-8")
    (srcdir / "index.md").write_text("# Odd\n\n```{category-toctree}\n```\n", "utf-8")
    names = ["a #b", "a", "index", "|", "L" * 300, "../x", "a/b", "Index"]
    for number, name in enumerate(names, start=1):
        escaped = name.replace('"', '\\"')
        (srcdir / "_posts" / f"2020-01-{number:02d}-p{number}.md").write_text(
            f'---\ntitle: P{number}\ncategories: ["{escaped}"]\n'
            f'tags: ["{escaped}"]\n---\n\nText.\n',
            "utf-8",
        )
    app = make_app("html", srcdir=srcdir)
    app.build()
    # only the Jekyll URL with a 300-letter folder name cannot be a file
    (warning,) = warnings_of(app).splitlines()
    assert "2020-01-05-p5.md:1: WARNING:" in warning
    assert "cannot be this post's address" in warning
    assert "a name in it would be 300 bytes; file systems allow 255" in warning
    state = site_state(app.env)
    for archive in state.archives["category"]:
        docname = state.archive_docname(archive)
        html = page(app, docname)
        listed = [a.get_text() for a in html.select(".jekyllposts-post-list a")]
        assert listed == [p.display_title for p in archive.posts], archive.name
    docnames = [state.archive_docname(a) for a in state.archives["category"]]
    assert len(set(docnames)) == len(names)
    assert "category/index" not in docnames
    assert all(".." not in d.split("/") and len(d.encode()) < 200 for d in docnames)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(p.is_relative_to(srcdir) for p in written)


@pytest.mark.sphinx("html", testroot="blog", confoverrides={"jekyllposts_related_posts": 3})
def test_related_posts_share_the_most_tags(app):
    app.build()
    assert warnings_of(app) == ""
    html = page(app, "_posts/2016-01-01-post-0")
    related = html.select(".jekyllposts-related-posts li a")
    assert len(related) == 3
    state = site_state(app.env)
    post = state.post("_posts/2016-01-01-post-0")
    by_link = {href(app, "_posts/2016-01-01-post-0", d): d for d in state.docnames}
    for link in related:
        other = state.post(by_link[link["href"]])
        assert set(other.tags) & set(post.tags) or set(other.categories) & set(post.categories)
    assert html.select_one(".jekyllposts-related-posts .rubric").get_text() == "Related posts"


def global_navigation(app, docname):
    """The site navigation a theme prints on ``docname`` (Furo's way: all of it)."""
    return app.builder._get_local_toctree(
        docname, collapse=False, includehidden=True, titles_only=True, maxdepth=-1
    )


def link(app, from_doc, to_doc):
    """A link to ``to_doc`` in the HTML of ``from_doc``'s page."""
    return f'href="{href(app, from_doc, to_doc)}"'


@pytest.mark.sphinx("html", testroot="blog")
def test_posts_are_children_of_their_category_but_not_in_every_pages_navigation(app):
    app.build()
    state = site_state(app.env)
    docname, post = next((d, p) for d, p in state.posts() if p.categories)
    category_page = state.archive_page("category", post.categories[0])
    relations = app.env.collect_relations()
    assert relations[docname][0] == category_page  # breadcrumbs and previous/next
    navigation = global_navigation(app, docname)
    assert link(app, docname, category_page) in navigation
    for other, _ in state.posts():
        assert link(app, docname, other) not in navigation, other
    # posts without a category included: the root page's toctree is every page's navigation
    assert any(not p.categories for _, p in state.posts())
    index = global_navigation(app, "index")
    assert all(link(app, "index", d) not in index for d, _ in state.posts())


@pytest.mark.sphinx(
    "html", testroot="blog", confoverrides={"html_sidebars": {"**": ["globaltoc.html"]}}
)
def test_a_posts_page_shows_its_category_as_the_current_navigation_entry(app):
    app.build()
    state = site_state(app.env)
    docname, post = next((d, p) for d, p in state.posts() if p.categories)
    category_page = state.archive_page("category", post.categories[0])
    html = page(app, docname)
    current = html.select("div.sphinxsidebar a.current.reference")
    (entry,) = current
    # relative to the post's page, and leading to the category page
    here = page_file(app, docname).parent
    target = here.joinpath(urllib.parse.unquote(entry["href"])).resolve()
    assert target == page_file(app, category_page).resolve()
    # a page that is in the navigation keeps its own
    index = BeautifulSoup(app.outdir.joinpath("index.html").read_text("utf-8"), "html.parser")
    assert not index.select("div.sphinxsidebar a.current.reference")


@pytest.mark.sphinx(
    "html", testroot="blog", confoverrides={"jekyllposts_posts_in_navigation": True}
)
def test_posts_can_be_listed_in_the_navigation(app):
    app.build()
    state = site_state(app.env)
    navigation = global_navigation(app, "index")
    assert all(link(app, "index", d) in navigation for d, _ in state.posts())


@pytest.mark.sphinx("html", testroot="blog", confoverrides={"jekyllposts_year_dir": None})
def test_without_year_pages_a_post_without_category_is_the_root_pages_child(app):
    app.build()
    # (a page of the test site links to a year page)
    assert "undefined label: 'year-2018'" in warnings_of(app)
    entries = texts(page(app, "index"), ".toctree-wrapper > ul > li > a")
    assert entries[7:] == ["Post number 29", "Tags"]
    state = site_state(app.env)
    (docname,) = [d for d, p in state.posts() if not p.categories]
    assert docname in app.env.toctree_includes["index"]
