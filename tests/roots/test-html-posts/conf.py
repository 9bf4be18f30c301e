extensions = ["sphinxext_jekyllposts"]
project = "HTML posts"
language = "en"
html_baseurl = "https://example.org/"
templates_path = ["_templates"]
html_static_path = ["_static"]
html_extra_path = ["extra"]
exclude_patterns = ["_build"]
