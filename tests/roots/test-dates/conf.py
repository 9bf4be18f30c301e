extensions = ["sphinxext_jekyllposts"]
project = "Dates"
