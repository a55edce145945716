"""Reading a report back from its web page as a government portal publishes it (issue 20).

``charset`` decodes the bytes as a browser does (BOM, ``<meta charset>``, GBK as GB18030);
``tree`` parses them with lxml's HTML parser into a small tree, bounded in elements and depth
while it parses; ``blocks`` turns the tree into paragraphs and tables as a browser shows them
and finds the article among the page's navigation and footers; ``reader`` reads the report.
"""
