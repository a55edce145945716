"""What every reader of a report shares, whatever the file kind: the text, the tables, the result.

A reader (Word in service/docx, the portal page in service/html/read, the PDF in
service/pdf/read) turns its file into paragraphs (``text.Line``) and tables (``grid.Table``);
from there the title, chapters and 落款 (``text``), the statistics tables (``statistics``) and the
report put together (``assemble``) are the same code for all of them.
"""
