"""PDF: a machine-wide pool of warm LibreOffice converters (unoserver) and its clients.

``client`` starts the broker process and converts through it; ``broker`` is that process;
``pool`` holds the converters; ``converter`` is one converter (its calls and its process group);
``standalone`` runs one converter for other machines; ``pages`` draws a PDF's pages for the
preview. Nothing is imported here, so that ``service.config`` can use ``converter.Address``.
"""
