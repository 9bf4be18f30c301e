extensions = ["sphinxext_jekyllposts"]
project = "Bad config"
jekyllposts_words_per_minute = "fast"
jekyllposts_header_fields = ["colour"]
jekyllposts_drafts = "yes"
jekyllposts_site_dir = "no/such/folder"
