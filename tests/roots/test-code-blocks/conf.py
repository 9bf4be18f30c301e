extensions = ["sphinxext_jekyllposts"]
project = "Code blocks"
language = "en"
jekyllposts_feed_path = None
