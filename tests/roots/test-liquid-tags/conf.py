extensions = ["sphinxext_jekyllposts"]
project = "Liquid tags"
language = "en"
jekyllposts_liquid_tags = {"youtube": "youtube.html", "details": "details.html"}
