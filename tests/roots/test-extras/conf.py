extensions = ["sphinxext_jekyllposts"]
project = "Extras"
language = "en"
html_baseurl = "https://example.org/"
