"""The disclosure office's review of many reports: ``review.html`` (one self-contained page in
Chinese: every bureau's state and problems, this year against last, the district's sums, charts
drawn as inline SVG, what is worth a look) and ``review.xlsx`` (概览, 合计, 明细).

A writer on the readers-and-writers floor: it takes checked reports (``Reviewed``, and last
year's as ``LastYear``) one by one and writes files; reading folders, matching last year's
reports and running the checks is the batch's work (``service.batch.review``).
"""

from service.review.rows import STATE_TEXT, LastYear, Reviewed, State
from service.review.writer import DEFAULT_REVIEW_OPTIONS, ReviewOptions, ReviewWriter

__all__ = [
    "DEFAULT_REVIEW_OPTIONS",
    "STATE_TEXT", "LastYear", "ReviewOptions", "ReviewWriter", "Reviewed", "State"]
