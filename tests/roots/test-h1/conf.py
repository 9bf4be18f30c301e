extensions = ["sphinxext_jekyllposts"]
project = "H1"
