# Sphinx configuration of the sockbench documentation.
#
# Build (warnings are errors):
#   /usr/bin/python3 -m sphinx -W -b html doc /tmp/sockbench-doc-html
# Only built-in Sphinx features are used, so Debian's python3-sphinx is enough (no internet).

project = "sockbench"
author = "the sockbench authors"
copyright = "the sockbench authors; GPL-2.0-only"
version = "0.1"
release = "0.1"

root_doc = "index"
master_doc = "index"  # name used by Sphinx < 4

language = "en"
extensions = []
source_suffix = {".rst": "restructuredtext"}
exclude_patterns = ["_build", "build", "html", "Thumbs.db", ".DS_Store"]
templates_path = []

highlight_language = "none"
pygments_style = "sphinx"

html_theme = "alabaster"
html_static_path = []
html_title = "sockbench 0.1"
html_show_sourcelink = False
