"""Reading a filled workbook back: the sheets opened defensively, cells located by label, formulas,
the report."""
