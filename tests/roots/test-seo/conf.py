extensions = ["sphinxext_jekyllposts"]
project = "SEO"
language = "en"
html_baseurl = "https://blog.example.org/blog/"
