extensions = ["sphinxext_jekyllposts"]
project = "Taxonomy"
