"""The site's settings: ``_config.yml`` read once into typed fields, and the
overrides of ``conf.py`` and the command line. Plain functions, no Sphinx."""

from __future__ import annotations

from sphinxext_jekyllposts.jekyll.site import SiteSettings, settings_from_config, with_overrides


def test_overrides_replace_only_what_is_given():
    site, _ = settings_from_config(
        {"timezone": "Asia/Shanghai", "future": True, "permalink": "/:title/"}
    )
    assert with_overrides(site) == site
    changed = with_overrides(site, drafts=True, permalink="pretty", excerpt_separator="")
    assert changed.show_drafts is True
    assert changed.permalink == "/:categories/:year/:month/:day/:title/"
    assert changed.excerpt_separator == ""
    assert (changed.timezone, changed.future) == ("Asia/Shanghai", True)


def test_an_empty_timezone_override_is_the_machines_zone():
    site = SiteSettings(timezone="UTC")
    assert with_overrides(site, timezone="").timezone is None
    assert with_overrides(site, timezone=None).timezone == "UTC"
    assert with_overrides(site, defaults=[{"values": {"x": 1}}]).defaults == ({"values": {"x": 1}},)
