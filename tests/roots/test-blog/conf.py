extensions = ["sphinxext_jekyllposts"]
project = "Blog"
jekyllposts_timezone = "UTC"
