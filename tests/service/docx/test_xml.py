"""service.docx.xml: the text a paragraph shows, as Word shows it."""

from __future__ import annotations

import pytest
from lxml import etree

from service.docx.ns import NAMESPACES
from service.docx.xml import paragraph_text

W_NS = NAMESPACES["w"]
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def shown(content: str) -> str:
    return paragraph_text(
        etree.fromstring(f'<w:p xmlns:w="{W_NS}" xmlns:mc="{MC_NS}">{content}</w:p>')
    )


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("<w:r><w:t>收到</w:t><w:tab/><w:t>12件</w:t><w:br/><w:cr/></w:r>", "收到\t12件\n\n"),
        ("<w:ins><w:r><w:t>新增</w:t></w:r></w:ins><w:r><w:t>文字</w:t></w:r>", "新增文字"),
        ("<w:del><w:r><w:delText>删去</w:delText></w:r></w:del><w:r><w:t>留下</w:t></w:r>", "留下"),
        ("<w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:t>移来</w:t>"
         "</w:r></w:moveTo>", "移来"),
        ("<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:smartTag><w:r><w:t>标记</w:t>"
         "</w:r></w:smartTag><w:fldSimple><w:r><w:t>域</w:t></w:r></w:fldSimple>", "链接标记域"),
        ("<w:sdt><w:sdtContent><w:r><w:t>控件</w:t></w:r></w:sdtContent></w:sdt>", "控件"),
        ("<w:r><w:t>正文</w:t><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p>"
         "</w:txbxContent></w:drawing></w:r>", "正文"),
        ("<mc:AlternateContent><mc:Choice><w:r><w:t>一</w:t></w:r></mc:Choice><mc:Fallback><w:r>"
         "<w:t>一</w:t></w:r></mc:Fallback></mc:AlternateContent>", "一"),
    ],
)
def test_a_paragraph_shows_accepted_revisions_and_not_text_placed_elsewhere(content, text):
    assert shown(content) == text
