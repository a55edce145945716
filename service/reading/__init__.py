"""What every reader of an uploaded document shares: the zip reader, the limits, the result
(``Imported``); and, whatever the file kind, the reading of the report itself.

A reader (Word in service/docx/read, the portal page in service/html/read, the PDF in
service/pdf/read) turns its file into paragraphs (``text.Line``) and tables (``grid.Table``);
from there the title, chapters and 落款 (``text``), the statistics tables (``statistics``) and the
report put together (``assemble``) are the same code for all of them.
"""
