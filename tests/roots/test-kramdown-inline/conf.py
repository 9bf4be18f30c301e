extensions = ["sphinxext_jekyllposts"]
project = "kramdown inline"
language = "en"
jekyllposts_feed_path = None
