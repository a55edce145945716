"""Reading a 年度报告 .docx back into the contract: package, body, lists, chapters, tables."""
