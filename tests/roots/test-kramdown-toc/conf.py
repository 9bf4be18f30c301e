extensions = ["sphinxext_jekyllposts"]
project = "TOC"
