"""Report narratives for the text–table check, with the table cells they talk about.

The first is the real published report of 秀洲区退役军人事务局 (2020, its text as published, the
report the 2019 example is made from). The others are written for these tests in the style of
published reports — the phrasings that recur across many agencies' reports (收到…申请N件, 上年结转,
N件顺延到下年度, 予以公开或部分公开, 被申请行政复议…其中维持, 现行有效行政规范性文件) — with many
numbers that agree with the tables and a few that do not. Each case lists the cells (others 0),
the paragraphs as (item heading or "", text), and the contradictions a careful reviewer flags
as (number stated, cell value).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Narrative:
    name: str
    year: int
    cells: dict[str, int] = field(default_factory=dict)
    paragraphs: tuple[tuple[str, str], ...] = ()
    contradictions: tuple[tuple[int, int], ...] = ()


SEED = Narrative(
    "秀洲区退役军人事务局 2020 (published): nothing received, no review, all tables 0",
    2020,
    paragraphs=(
        (
            "",
            "2020年，秀洲区退役军人事务局以习近平新时代中国特色社会主义思想为引领，认真贯彻落实"
            "《中华人民共和国政府信息公开条例》、浙政办发【2019】37号、嘉政办发【2019】35号以及"
            "《秀洲区人民政府政务信息公开指南》有关文件精神和工作要求, 对照主动公开、依申请公开、"
            "平台建设、政策解读、回应关切、监督保障等主要内容，落实专人负责政务公开工作，不断扩展"
            "政务信息公开的形势和渠道、不断提升政务信息公开的质量和实效，政务公开工作取得了良好成效。",
        ),
        (
            "主动公开情况",
            "2020年，我局通过政务公开网站公开政务信息107条，其中新增107条（工作动态类50条、公示公告类"
            "13条、法规政策类0条、军人风采类15条、双拥营地类13条、崇军纪实类9条、组织机构类7条）。",
        ),
        (
            "依申请公开",
            "2020年，我局未收到政务信息公开的申请。未收到因政务公开申请引发的行政复议和行政诉讼,"
            "未发生因政务信息公开的收费情况。对于依申请公开的政务信息，我局将认真受理，及时研究答复，"
            "答复时做到有理有据、严谨规范、慎重稳妥，但涉及国家秘密、商业秘密、个人隐私的除外。",
        ),
        (
            "政府信息管理情况",
            "2020年度，我局在政务信息公开工作上严格贯彻落实相关会议和文件精神，未发生因政务信息公开"
            "引起的投诉或行政复议、诉讼等情况。在日常工作中,指定专人对局政务公开信息进行不定期检查，"
            "如有发现问题，及时进行整改落实。",
        ),
        ("平台建设情况", "建设有局微信公众号、秀洲区人民政府网政务公开退役军人事务局栏。"),
        (
            "监督保障情况",
            "制定并发布1篇政府信息公开指南、1篇信息公开制度（试行）、1篇信息公开发布协调机制制度、"
            "1篇信息公开保密审查制度、1篇信息动态调整机制、1篇信息依申请公开制度等。",
        ),
    ),
)

NARRATIVES: tuple[Narrative, ...] = (
    SEED,
    Narrative(
        "区政府办公室 2021: every number agrees",
        2021,
        cells={
            "applications.new_received.total": 1350,
            "applications.new_received.natural_person": 503,
            "applications.carried_over.total": 9,
            "applications.granted.total": 744,
            "applications.partially_granted.total": 30,
            "applications.carried_forward.total": 12,
            "review_litigation.review.total": 5,
            "review_litigation.review.upheld": 3,
            "review_litigation.review.corrected": 1,
            "review_litigation.review.pending": 1,
            "review_litigation.litigation_direct.total": 2,
            "review_litigation.litigation_after_review.total": 1,
            "review_litigation.litigation_direct.upheld": 2,
            "review_litigation.litigation_after_review.upheld": 1,
            "active_disclosure.normative_documents.issued": 12,
            "active_disclosure.normative_documents.repealed": 5,
            "active_disclosure.normative_documents.in_force": 87,
        },
        paragraphs=(
            (
                "主动公开",
                "2021年，我办通过政府门户网站主动公开政府信息1268条，其中政策文件56件、政策解读43篇、"
                "工作动态612条。全年制发行政规范性文件12件，废止行政规范性文件5件，截至年底现行有效"
                "行政规范性文件87件，均已在规范性文件库集中公开。",
            ),
            (
                "依申请公开",
                "2021年，我办共收到政府信息公开申请1350件，其中自然人申请503件，同比增长12%；上年结转"
                "9件。已办结的申请中，予以公开744件，部分公开30件，结转下年度继续办理12件。所有申请均在"
                "法定期限内予以答复。",
            ),
            (
                "监督保障",
                "全年因政府信息公开工作被申请行政复议5件，其中结果维持3件、结果纠正1件、尚未审结1件；"
                "被提起行政诉讼3件，其中未经复议直接起诉2件、复议后起诉1件，法院判决均维持3件。",
            ),
        ),
    ),
    Narrative(
        "区政府办公室 2021: three numbers contradict the tables",
        2021,
        cells={
            "applications.new_received.total": 1350,
            "applications.carried_over.total": 9,
            "applications.carried_forward.total": 12,
            "review_litigation.review.total": 5,
            "review_litigation.review.upheld": 3,
            "review_litigation.review.corrected": 1,
            "review_litigation.review.pending": 1,
            "active_disclosure.normative_documents.in_force": 87,
        },
        paragraphs=(
            (
                "依申请公开",
                "2021年，我办共收到政府信息公开申请1305件，上年结转9件，结转下年度继续办理12件。",
            ),
            (
                "监督保障",
                "全年因政府信息公开工作被申请行政复议5件，其中结果维持4件、尚未审结1件。"
                "截至年底现行有效规范性文件78件。",
            ),
        ),
        contradictions=((1305, 1350), (4, 3), (78, 87)),
    ),
    Narrative(
        "县退役军人事务局 2020: says none, but table 3 has 2 and table 4 has 1",
        2020,
        cells={"applications.new_received.total": 2, "review_litigation.review.total": 1},
        paragraphs=(
            (
                "依申请公开",
                "2020年，我局未收到政府信息公开申请，未收到因政府信息公开申请引发的行政复议和行政诉讼。",
            ),
        ),
        contradictions=((0, 2), (0, 1)),
    ),
    Narrative(
        "市人民政府 2024: 受理…答复（含上年度结转…，另有…顺延到下年度答复）",
        2024,
        cells={
            "applications.new_received.total": 3119,
            "applications.carried_over.total": 34,
            "applications.total_processed.total": 3050,
            "applications.carried_forward.total": 103,
            "review_litigation.review.total": 351,
            "review_litigation.review.upheld": 72,
            "review_litigation.review.corrected": 64,
            "review_litigation.review.other": 178,
            "review_litigation.review.pending": 37,
            "review_litigation.litigation_direct.total": 26,
            "review_litigation.litigation_after_review.total": 20,
        },
        paragraphs=(
            (
                "依申请公开情况",
                "2024年，全市各级行政机关受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，"
                "另有103件顺延到下年度答复）。",
            ),
            (
                "监督保障情况",
                "全年涉及政府信息公开的行政复议案件351件，其中结果维持72件，结果纠正64件，其他结果178件，"
                "尚未审结37件；行政诉讼46件，其中未经复议直接起诉26件，复议后起诉20件。",
            ),
        ),
    ),
    Narrative(
        "区审计局 2022: everything 0, said several ways",
        2022,
        paragraphs=(
            (
                "主动公开政府信息情况",
                "2022年，我局通过网站审计信息栏目公开信息20条，本年度未制发规范性文件。",
            ),
            ("依申请公开情况", "2022年，未收到依申请公开事项。无下年度结转。"),
            ("监督保障情况", "全年未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"),
        ),
    ),
    Narrative(
        "区政府办公室 2022: 8份 before the noun; a district figure in the office's report",
        2022,
        cells={
            "applications.new_received.total": 8,
            "applications.granted.total": 2,
            "applications.partially_granted.total": 2,
        },
        paragraphs=(
            (
                "依申请公开",
                "2022年，区政府办公室共收到8份政府信息公开申请，均为自然人申请。其中，予以公开2件，"
                "部分公开2件，本办不掌握相关政府信息2件，其他1件（申请人自主撤销）。",
            ),
            (
                "",
                "全区共收到政府信息公开申请130件，申请量同比增长103%，其中予以公开或部分公开59件。",
            ),
        ),
        contradictions=((130, 8), (59, 4)),
    ),
    Narrative(
        "市司法局 2023: review cases of all kinds are not table 4",
        2023,
        cells={
            "applications.new_received.total": 21,
            "review_litigation.review.total": 1,
            "review_litigation.review.upheld": 1,
        },
        paragraphs=(
            (
                "主动公开",
                "2023年，我局依法办理行政复议案件326件，纠正违法或不当行政行为41件，主动公开行政复议决定书"
                "128份。全年审核规范性文件54件，备案审查规范性文件37件。",
            ),
            (
                "依申请公开",
                "全年受理政府信息公开申请21件，因政府信息公开被申请行政复议1件，复议机关维持1件。",
            ),
        ),
    ),
    Narrative(
        "镇人民政府 2023: last year's and other years' numbers are never compared",
        2023,
        cells={
            "applications.new_received.total": 14,
            "applications.carried_over.total": 1,
            "active_disclosure.normative_documents.in_force": 6,
        },
        paragraphs=(
            (
                "依申请公开",
                "2023年，我镇共受理政府信息公开申请14件，较上年的9件增加5件，2022年受理政府信息公开申请9件。"
                "上年度结转申请1件已于1月办结。",
            ),
            (
                "主动公开",
                "截至2023年12月31日，现行有效行政规范性文件6件；自2019年以来累计制发规范性文件23件。",
            ),
            ("改进情况", "去年收到政府信息公开申请9件，今年将进一步规范答复。"),
        ),
    ),
    Narrative(
        "市交通运输局 2021: 政策性文件, 规章制度, published penalty decisions are not table 2",
        2021,
        cells={"active_disclosure.normative_documents.issued": 3},
        paragraphs=(
            (
                "主动公开",
                "2021年，我局印发政策性文件15件，制定内部规章制度8项，制发行政规范性文件3件，"
                "公开行政处罚决定204件，公开规范性文件解读6篇。",
            ),
        ),
    ),
    Narrative(
        "市自然资源局 2022: Chinese numerals and full-width digits",
        2022,
        cells={
            "applications.new_received.total": 3,
            "applications.carried_forward.total": 1,
            "applications.granted.total": 2,
        },
        paragraphs=(
            (
                "依申请公开",
                "全年共收到政府信息公开申请三件，予以公开２件，结转下年度继续办理１件，"
                "未发生因政府信息公开引起的行政复议。",
            ),
        ),
    ),
    Narrative(
        "市自然资源局 2022: Chinese numerals that contradict",
        2022,
        cells={"applications.new_received.total": 3, "applications.carried_forward.total": 2},
        paragraphs=(("依申请公开", "全年共收到政府信息公开申请十二件，结转下年度继续办理一件。"),),
        contradictions=((12, 3), (1, 2)),
    ),
    Narrative(
        "县人民政府 2022: a total that includes last year's is not one cell",
        2022,
        cells={"applications.new_received.total": 36, "applications.carried_over.total": 2},
        paragraphs=(
            ("依申请公开", "2022年，共收到政府信息公开申请38件（含上年结转2件），已全部按期答复。"),
        ),
    ),
    Narrative(
        "县市场监管局 2023: litigation outcomes only where the kind of suit is certain",
        2023,
        cells={
            "review_litigation.review.total": 2,
            "review_litigation.review.upheld": 2,
            "review_litigation.litigation_direct.total": 2,
            "review_litigation.litigation_direct.upheld": 1,
            "review_litigation.litigation_direct.pending": 1,
            "review_litigation.litigation_after_review.total": 1,
            "review_litigation.litigation_after_review.upheld": 1,
        },
        paragraphs=(
            (
                "监督保障",
                "2023年，因政府信息公开被申请行政复议2件，均维持原行政行为2件；被提起行政诉讼3件，"
                "其中未经复议直接起诉2件、复议后起诉1件，维持2件、尚未审结1件。",
            ),
            (
                "监督保障",
                "复议后起诉1件，结果维持1件，未发生因政府信息公开被纠错的行政复议案件情况。",
            ),
        ),
    ),
    Narrative(
        "县市场监管局 2023: litigation says 2 where the tables have 3",
        2023,
        cells={
            "review_litigation.litigation_direct.total": 2,
            "review_litigation.litigation_after_review.total": 1,
        },
        paragraphs=(("监督保障", "全年因政府信息公开工作被提起行政诉讼2件，均在审理中。"),),
        contradictions=((2, 3),),
    ),
    Narrative(
        "区教育局 2022: 办理 and 办结 are left alone; 予以公开、部分公开 in one list",
        2022,
        cells={
            "applications.new_received.total": 40,
            "applications.granted.total": 25,
            "applications.partially_granted.total": 3,
            "applications.total_processed.total": 38,
        },
        paragraphs=(
            (
                "依申请公开",
                "全年共受理政府信息公开申请40件，共办理政府信息公开申请42件，办结38件，其中予以公开25件、"
                "部分公开3件、不予公开1件。同意公开及部分公开共28件，按时答复率100%。",
            ),
        ),
    ),
    Narrative(
        "区卫生健康委 2024: 规章 and a wrong 现行有效 count",
        2024,
        cells={
            "active_disclosure.rules.in_force": 0,
            "active_disclosure.normative_documents.in_force": 14,
            "active_disclosure.normative_documents.issued": 2,
            "active_disclosure.normative_documents.repealed": 1,
        },
        paragraphs=(
            (
                "主动公开",
                "本机关无规章制定权，现行有效规章0件。2024年制发行政规范性文件2件，废止1件，"
                "现行有效行政规范性文件15件。",
            ),
        ),
        contradictions=((15, 14),),
    ),
)
