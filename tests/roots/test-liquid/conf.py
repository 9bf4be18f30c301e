extensions = ["sphinxext_jekyllposts"]
project = "Liquid"
language = "en"
jekyllposts_feed_path = None
