extensions = ["sphinxext_jekyllposts"]
project = "Post directives"
html_sidebars = {"**": []}
jekyllposts_post_navigation = False
