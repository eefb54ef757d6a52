"""What the office follows, as data: status as of a day, queries, summaries, the contents of
reports, and appending to the progress log. No file formats, no printing."""
