extensions = ["sphinxext_jekyllposts"]
project = "Titles"
language = "en"
jekyllposts_timezone = "UTC"
