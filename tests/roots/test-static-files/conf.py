extensions = ["sphinxext_jekyllposts"]
project = "Static files"
language = "en"
templates_path = ["templates"]
exclude_patterns = ["_build", "notes-for-sphinx.txt"]
