extensions = ["sphinxext_jekyllposts"]
project = "GitHub Pages plugins"
language = "en"
jekyllposts_feed_path = None
