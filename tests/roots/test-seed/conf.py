extensions = ["sphinxext_jekyllposts"]
project = "Seed blog"
