extensions = ["sphinxext_jekyllposts"]
project = "Hostile"
language = "en"
html_baseurl = "https://example.org/"
html_sidebars = {"**": []}
jekyllposts_post_navigation = False
jekyllposts_jekyll_urls = True
