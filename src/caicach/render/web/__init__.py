"""The status site: static HTML pages from Jinja2 templates."""
