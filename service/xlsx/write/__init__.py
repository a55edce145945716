"""Writing workbooks: the workbook bureaus fill in, and a batch's summary workbook."""
