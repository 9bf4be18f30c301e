extensions = ["sphinxext_jekyllposts"]
project = "Pages"
language = "en"
exclude_patterns = ["_build", "README.md", "_notes"]
