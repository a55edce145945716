"""PDF from warm LibreOffice converters: the converter, the pool, its broker process and clients."""
