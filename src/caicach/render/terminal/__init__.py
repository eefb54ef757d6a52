"""For people at a terminal: item tables, lists, the grid, problems and confirmations."""
