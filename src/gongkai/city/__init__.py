"""A city repository (`[city]` in gongkai.toml): its counties, each built by its own rules and config into a part
(its site and search index, reused while its inputs are unchanged), merged into one city site with one search;
lint and report over every county.

    sources.py  [city] counties → county folders (local paths; git URLs fetched at a pinned commit)
    parts.py    one county's part: its input digest, its build, its summary (part.json)
    site.py     the city site: parts linked in under counties/<slug>/, the home, search and report pages, downloads
    audit.py    lint and report over the counties: the ranking and the guide items each county lacks
"""
