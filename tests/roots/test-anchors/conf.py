extensions = ["sphinxext_jekyllposts"]
project = "Anchors"
language = "en"
jekyllposts_feed_path = None
