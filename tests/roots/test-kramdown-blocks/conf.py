extensions = ["sphinxext_jekyllposts"]
project = "kramdown blocks"
language = "en"
jekyllposts_feed_path = None
