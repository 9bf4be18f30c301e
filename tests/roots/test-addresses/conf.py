extensions = ["sphinxext_jekyllposts"]
project = "Addresses"
html_baseurl = "https://example.org/"
jekyllposts_site_dir = "news"
jekyllposts_timezone = "UTC"
