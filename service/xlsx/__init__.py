"""The workbook bureaus fill in: the blank (``blank``), reading one back as a report
(``reader``), and the summary workbook of a batch (``summary``).

``sheets`` is the layout both sides share; ``sheet`` opens a workbook defensively and reads its
cells within ``limits``; ``locate`` finds table cells by their labels; ``formulas`` computes the
sums a workbook saved without results carries. Import the submodules directly.
"""
