"""Making plan repositories: importing a decision's text, `init`, JSON schemas of the files."""
