"""The stable issue codes of report validation and the coded message type that carries them.

Errors (the report is refused):

==========================  ========================================================================
``invalid_json``            not UTF-8, not JSON, NaN/Infinity, nested deeper than the limit
                            (path "")
``not_an_object``           the document or a group that must be an object is something else
``duplicate_key``           a key occurs twice in one object (path: the key)
``unknown_field``           a key the contract does not have (misspelt keys included)
``required``                a required key is missing
``null``                    ``null`` where a value is needed
``not_a_list``              a list of paragraphs or items is something else
``not_a_string``            a text field is not a string
``not_an_integer``          a count is not a JSON integer (``1.5``, ``"3"``, ``true`` …)
``not_a_number``            an amount is neither a JSON number nor a decimal string
``out_of_range``            a count, amount or year outside its range
``too_many_decimals``       an amount with more decimal places than allowed
``invalid_choice``          ``format`` or ``amount_unit`` not one of the allowed values
``invalid_date``            a date that is not a real ``YYYY-MM-DD`` date
``invalid_character``       a character XML 1.0 does not allow (controls, lone surrogates,
                            U+FFFE…)
``empty``                   no visible character (after trimming; format characters, combining marks
                            and blank letters such as U+200B, U+3164 do not count) where text is
                            required
``too_long``                a string longer than its limit
``too_many_line_breaks``    a paragraph with more line breaks than its limit
``too_many``                a list longer than its limit
``empty_section``           a section with no paragraph at all
``wrong_format``            a table-2 or （六）其他处理 shape that belongs to the other format
``placeholder``             a text still holding the blank's placeholder, e.g. ``（机关名称）``
``R1`` … ``R4``             the consistency rules (勾稽关系) of tables 3 and 4
``more_issues``             last of a list cut at ``Limits.max_issues``: how many more were found
``X1``                      with last year's report: 二、上年结转 is not last year's 四、结转下年度
``previous_wrong_year``     the previous report is not of this year − 1 (``previous.year``)
``previous_other_organization``  … or of another organization (``previous.organization``)
==========================  ========================================================================

Warnings (the report is produced): ``format_year_mismatch``, ``other_handling_high``,
``fee_not_reported``, ``short_paragraph``, ``title_year_mismatch``, ``date_before_period_end``,
``text_table_mismatch`` (a number the text states contradicts the tables,
schemas.checks.narrative), ``X2`` (with last year's report: 现行有效件数 does not follow,
schemas.checks.crossyear), ``previous_organization_renamed`` (last year's report names the
bureau otherwise, e.g. without its city: compared all the same); and ``R1`` … ``R4`` and ``X1``
when the caller allows inconsistent reports.
"""

from __future__ import annotations

from typing import Any

#: The codes ``allow_inconsistent`` lets through as warnings: the tables' rules and the
#: carry-over from last year. A report with one of them still has to be fixed before it is issued.
INCONSISTENCY_CODES = frozenset({"R1", "R2", "R3", "R4", "X1"})


class Coded(str):
    """An error message that also carries its stable code through marshmallow."""

    code: str

    def __new__(cls, code: str, message: str) -> Coded:
        """Make the message ``message`` with code ``code``."""
        obj = super().__new__(cls, message)
        obj.code = code
        return obj

    def format(self, *args: Any, **kwargs: Any) -> Coded:
        """Format like ``str.format`` and keep the code (marshmallow formats its messages)."""
        return Coded(self.code, str.format(self, *args, **kwargs))


#: Schema-level messages (``type`` and ``unknown`` are marshmallow's keys).
SCHEMA_MESSAGES: dict[str, Any] = {
    "type": Coded("not_an_object", "必须是 JSON 对象 {…} / must be a JSON object"),
    "unknown": Coded("unknown_field", "没有这个字段（请检查拼写） / unknown field"),
}

#: Field-level messages marshmallow raises itself.
FIELD_MESSAGES: dict[str, Any] = {
    "required": Coded("required", "缺少必填字段 / missing required field"),
    "null": Coded("null", "不能为 null / must not be null"),
    "validator_failed": Coded("invalid", "取值无效 / invalid value"),
    "invalid": Coded("not_a_list", "必须是 JSON 数组 […] / must be a JSON array"),
}

NOT_AN_INTEGER = Coded("not_an_integer", "必须是整数 / must be an integer")
