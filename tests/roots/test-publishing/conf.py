extensions = ["sphinxext_jekyllposts"]
project = "Publishing"
