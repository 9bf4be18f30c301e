extensions = ["sphinxext_jekyllposts"]
project = "Authors"
language = "en"
html_baseurl = "https://example.org/"
