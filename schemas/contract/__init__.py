"""The marshmallow contract of a report: strict fields, issue codes, limits, the shared parts and
one module per format."""
