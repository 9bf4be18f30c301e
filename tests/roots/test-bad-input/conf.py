extensions = ["sphinxext_jekyllposts"]
project = "Bad input"
