"""Reading a report back from a text PDF as published (WPS, Word, LibreOffice exports; issue 20).

``bounds`` measures the file before any PDF library sees it (objects, and the bytes its streams
decompress to, never decompressing past the limit), decrypting the streams of a PDF protected by
a permissions password only (``security``, its encryption dictionary read by ``syntax``);
``extract`` reads each page's characters and ruling lines with pdfium; ``layout`` rebuilds the
tables from their ruling lines and the paragraphs from the lines of text; ``reader`` reads the
report from them with the logic every reader shares (service.reading).
"""
