extensions = ["sphinxext_jekyllposts"]
project = "Updated"
language = "en"
html_baseurl = "https://example.org/"
