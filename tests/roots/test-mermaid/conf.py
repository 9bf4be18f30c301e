extensions = ["sphinxext_jekyllposts"]
project = "Mermaid"
language = "en"
html_baseurl = "https://example.org/"
