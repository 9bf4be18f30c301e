extensions = ["sphinxext_jekyllposts"]
project = "Comments"
language = "en"
html_baseurl = "https://blog.example.org/blog/"
