extensions = ["sphinxext_jekyllposts"]
project = "Feed content"
language = "en"
html_baseurl = "https://example.org/blog/"
jekyllposts_related_posts = 3
jekyllposts_timezone = "UTC"
