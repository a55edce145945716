"""The Report model and what it is made of: the official grids and labels, cells, paths, relations,
totals, assembly, the result."""
