"""What every reader of an uploaded document shares: the zip reader, the limits, the result
(``Imported``)."""
