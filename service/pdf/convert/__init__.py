"""PDF from warm LibreOffice converters (unoserver).

``client`` starts the broker process and converts through it; ``broker`` is that process;
``pool`` holds the converters; ``converter`` is one converter (its calls and its process group);
``options`` is what a pool is made of; ``wire`` the broker's protocol; ``standalone`` runs one
converter for other machines; ``unoserver_main`` runs under LibreOffice's own Python.
"""
