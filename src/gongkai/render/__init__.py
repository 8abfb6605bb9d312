"""Render: the Jinja environment, the views the templates see, the pages and the downloads."""
