extensions = ["sphinxext_jekyllposts"]
project = "Feeds"
language = "en"
html_baseurl = "https://example.org/blog/"
