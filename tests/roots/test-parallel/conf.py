extensions = ["sphinxext_jekyllposts"]
project = "Parallel"
jekyllposts_timezone = "UTC"
