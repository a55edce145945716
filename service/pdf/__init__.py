"""PDF: making it (``convert``: a machine-wide pool of warm LibreOffice converters and its
clients), and looking at it (``pages``: a PDF's pages drawn for the preview).

Nothing is imported here, so that ``service.config`` can use ``convert.converter.Address``
without starting anything.
"""
