"""Excel workbooks: the workbook bureaus fill in (``write.workbook``), reading one back as a
report (``read.reader``), and the summary workbook of a batch (``write.summary``).

``sheets`` is the layout both sides share; ``read.sheet`` opens a workbook defensively and reads
its cells within the import limits; ``read.locate`` finds table cells by their labels;
``read.formulas`` computes the sums a workbook saved without results carries.
"""
