#!/usr/bin/python3
"""Writes the .docx fixtures of tests/docx/ from XML parts authored here.

    /usr/bin/python3 tests/docx/make_fixtures.py [DIR]        write every fixture into DIR
    /usr/bin/python3 tests/docx/make_fixtures.py --check DIR  exit 1 unless DIR's fixtures hold
                                                              exactly what this script writes

Each summary exists twice: as a .docx (headings numbered by Word's automatic
list numbering, or typed) and as the plain-text twin (`*.txt`) that a reader
sees.  The CLI test docx-twins checks that zongjie finds the same outline and
counts in both.  The broken files (truncated zip, renamed .doc, zip bomb,
entity expansion, encrypted entry) are made here too.  Zip entries carry a
fixed date, so a rerun writes the same contents.
"""
import io
import os
import struct
import sys
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W}" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"')
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = DECL + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '</Types>')
RELS = DECL + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '</Relationships>')
DOC_RELS = DECL + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>'
    '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>'
    '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
    '<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>'
    '</Relationships>')


def core(title, creator, created, modified):
    return DECL + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{modified}</dcterms:modified>'
        '</cp:coreProperties>')


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(text):
    space = ' xml:space="preserve"' if text[:1] == " " or text[-1:] == " " else ""
    return f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t{space}>{esc(text)}</w:t></w:r>'


def para(text="", num=None, style=None, extra=""):
    """A paragraph; num = (numId, ilvl) or (numId, None) for a numId alone."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num:
        ilvl = f'<w:ilvl w:val="{num[1]}"/>' if num[1] is not None else ""
        ppr += f'<w:numPr>{ilvl}<w:numId w:val="{num[0]}"/></w:numPr>'
    ppr = f"<w:pPr>{ppr}<w:jc w:val=\"both\"/></w:pPr>"
    return f"<w:p>{ppr}{run(text) if text else ''}{extra}</w:p>"


def document(body):
    sect = ('<w:sectPr><w:headerReference w:type="default" r:id="rId3"/>'
            '<w:footerReference w:type="default" r:id="rId4"/>'
            '<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>')
    return DECL + f'<w:document {NS}><w:body>{"".join(body)}{sect}</w:body></w:document>'


def level(ilvl, fmt, text, start=1, suff="nothing", pstyle=None, restart=None):
    ps = f'<w:pStyle w:val="{pstyle}"/>' if pstyle else ""
    rs = f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{rs}{ps}'
            f'<w:suff w:val="{suff}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>')


def numbering(abstracts, nums):
    """abstracts: {id: [levels]}; nums: [(numId, abstractId, {ilvl: startOverride})]."""
    out = [DECL, f'<w:numbering {NS}>']
    for aid, levels in abstracts.items():
        out.append(f'<w:abstractNum w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>')
        out += levels
        out.append("</w:abstractNum>")
    for nid, aid, overrides in nums:
        out.append(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>')
        for ilvl, start in overrides.items():
            out.append(f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>')
        out.append("</w:num>")
    out.append("</w:numbering>")
    return "".join(out)


def styles(extra=""):
    return DECL + (
        f'<w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="a0"><w:name w:val="Default Paragraph Font"/></w:style>'
        f'{extra}</w:styles>')


SIDE_PARTS = {
    "word/header1.xml": DECL + f'<w:hdr {NS}>{para("页眉文字不应出现在正文中")}</w:hdr>',
    "word/footer1.xml": DECL + f'<w:ftr {NS}><w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>',
    "word/footnotes.xml": DECL + f'<w:footnotes {NS}><w:footnote w:id="1">{para("脚注文字不计入正文")}</w:footnote></w:footnotes>',
    "word/comments.xml": DECL + f'<w:comments {NS}><w:comment w:id="0" w:author="审核人">{para("批注文字不计入正文")}</w:comment></w:comments>',
}


def zip_bytes(parts, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 10, 9, 0, 0))
            info.compress_type = method
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()


def write_zip(path, parts, tamper=None, method=zipfile.ZIP_DEFLATED):
    """Broken fixtures are stored uncompressed: their bytes then do not depend
    on the zlib version, so --check can compare them byte for byte."""
    data = zip_bytes(parts, method)
    if tamper:
        data = tamper(data)
    with open(path, "wb") as f:
        f.write(data)


def docx_parts(body, numbering_xml=None, styles_xml=None, props=("", "", "", "")):
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS,
             "word/_rels/document.xml.rels": DOC_RELS, "word/document.xml": document(body),
             "word/styles.xml": styles_xml or styles(), "docProps/core.xml": core(*props)}
    if numbering_xml:
        parts["word/numbering.xml"] = numbering_xml
    parts.update(SIDE_PARTS)
    return parts


def docx(path, *args, **kw):
    write_zip(path, docx_parts(*args, **kw))


# ---- the summaries ----

TITLE = "某区审计局党组2023年党风廉政建设工作总结"
PREAMBLE = "2023年，局党组坚持以习近平新时代中国特色社会主义思想为指导，认真落实全面从严治党主体责任，现将有关情况总结如下："
# (level, number as typed, text); level None = body paragraph
SUMMARY = [
    (0, "一、", "主要工作情况"),
    (1, "（一）", "压实主体责任"),
    (2, "1.", "加强组织领导。党组书记履行第一责任人职责，定期研究党风廉政建设工作，签订党风廉政建设责任书。"),
    (2, "2.", "完善制度体系。修订内部控制制度，规范审计项目管理，防范廉政风险。"),
    (1, "（二）", "深化教育管理"),
    (2, "1.", "开展廉洁文化建设。组织警示教育大会，观看警示教育片，筑牢思想防线。"),
    (3, "（1）", "组织专题学习。"),
    (3, "（2）", "开展家风建设。"),
    (2, "2.", "强化干部监督。落实中央八项规定精神，坚决纠治“四风”问题。"),
    (0, "二、", "存在问题"),
    (1, "（一）", "学习教育不够深入。理论学习与审计业务结合不够紧密。"),
    (1, "（二）", "监督合力有待加强。日常监督手段较为单一，谈心谈话覆盖不够。"),
    (0, "三、", "2024年工作思路"),
    (1, "（一）", "持续加强政治建设。深入学习贯彻党的二十大精神，坚定拥护“两个确立”、坚决做到“两个维护”。"),
    (1, "（二）", "持续正风肃纪。严格落实中央八项规定精神，驰而不息纠治“四风”。"),
]
SIGNOFF = ["", "某区审计局党组", "2024年1月10日"]


def summary_text(title_lines):
    lines = title_lines + [PREAMBLE] + [n + t for _, n, t in SUMMARY] + SIGNOFF
    return "\n".join(lines) + "\n"


def four_levels(suff0="nothing", pstyles=(None, None, None, None)):
    return [level(0, "chineseCounting", "%1、", suff=suff0, pstyle=pstyles[0]),
            level(1, "chineseCountingThousand", "（%2）", pstyle=pstyles[1]),
            level(2, "decimal", "%3.", pstyle=pstyles[2]),
            level(3, "decimal", "（%4）", pstyle=pstyles[3])]


PROPS = ("2023年党风廉政建设工作总结", "审计局办公室", "2024-01-08T02:00:00Z", "2024-01-10T08:30:00Z")


def numbered(d):
    """Headings numbered by one four-level list on the paragraphs themselves."""
    body = [para(TITLE), para(PREAMBLE)]
    body += [para(t, num=(1, lv)) for lv, _, t in SUMMARY]
    body += [para(s) for s in SIGNOFF]
    docx(f"{d}/numbered.docx", body, numbering({1: four_levels()}, [(1, 1, {})]), props=PROPS)
    return {"numbered.txt": summary_text([TITLE])}


def typed(d):
    """The same summary with its numbers typed as text: no numbering part at all."""
    body = [para(TITLE), para(PREAMBLE)] + [para(n + t) for _, n, t in SUMMARY] + [para(s) for s in SIGNOFF]
    docx(f"{d}/typed.docx", body, props=PROPS)
    return {}


def text_box(text):
    """A paragraph anchoring a text box, as Word 2010+ writes it: the shape, and
    a VML copy of it in mc:Fallback for older readers."""
    inner = f"<w:txbxContent>{para(text)}</w:txbxContent>"
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="标题框"/>'
            f'<wps:wsp><wps:txbx>{inner}</wps:txbx></wps:wsp></wp:anchor></w:drawing></mc:Choice>'
            f'<mc:Fallback><w:pict><v:shape><v:textbox>{inner}</v:textbox></v:shape></w:pict></mc:Fallback>'
            '</mc:AlternateContent></w:r>')


HEADING_STYLES = (
    '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>'
    '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 3"/><w:basedOn w:val="a"/>'
    '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="2"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="4"><w:name w:val="heading 4"/><w:basedOn w:val="3"/></w:style>')


def styled(d):
    """Numbering from heading styles (标题 1-4 linked to a list: style 1 names the
    list, 2 inherits it and sets its level, 3 and 4 find their level by the
    list's w:pStyle), a TAB after 一、, and the title in a text box."""
    body = [f"<w:p>{text_box(TITLE)}</w:p>", para(PREAMBLE)]
    body += [para(t, style=str(lv + 1)) for lv, _, t in SUMMARY]
    body += [para(s) for s in SIGNOFF]
    levels = four_levels(suff0="tab", pstyles=("1", "2", "3", "4"))
    docx(f"{d}/styled.docx", body, numbering({3: levels}, [(7, 3, {})]), styles(HEADING_STYLES), PROPS)
    lines = [TITLE, ""] + [PREAMBLE] + [n + ("\t" if lv == 0 else "") + t for lv, n, t in SUMMARY] + SIGNOFF
    return {"styled.txt": "\n".join(lines) + "\n"}


def restart(d):
    """Items numbered by a second list whose w:num instances restart it
    (w:startOverride) or continue it (a plain second instance)."""
    heads = numbering(
        {1: [level(0, "chineseCounting", "%1、")],
         2: [level(0, "decimal", "%1.")]},
        [(1, 1, {}), (2, 2, {}), (5, 2, {}), (3, 2, {0: 1}), (4, 2, {0: 1})])
    items = [
        ("一、", 1, "履行主体责任情况"),
        ("1.", 2, "研究部署全面从严治党工作4次。"),
        ("2.", 2, "开展谈心谈话23人次。"),
        ("3.", 5, "组织廉政党课2次。"),
        ("二、", 1, "存在问题"),
        ("1.", 3, "主体责任传导不够到位。"),
        ("2.", 3, "廉政风险防控还有薄弱环节。"),
        ("三、", 1, "下一步打算"),
        ("1.", 4, "压紧压实主体责任。"),
        ("2.", 4, "加强廉政风险防控。"),
        ("3.", 4, "深化清廉机关建设。"),
    ]
    title = "关于2023年度落实全面从严治党主体责任情况的报告"
    body = [para(title)] + [para(t, num=(nid, 0)) for _, nid, t in items]
    docx(f"{d}/restart.docx", body, heads)
    return {"restart.txt": "\n".join([title] + [n + t for n, _, t in items]) + "\n"}


def revised(d):
    """Title in a table at the top; a table in the body; tracked insertions
    and deletions (a deleted paragraph mark joins two paragraphs); a page
    field, a hyperlink field, a footnote and a comment."""
    title = "某街道党工委2023年党风廉政建设工作总结"
    cell = lambda t: f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>{para(t)}</w:tc>'
    row = lambda *cs: "<w:tr>" + "".join(cell(c) for c in cs) + "</w:tr>"
    table = lambda *rows: '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid/>' + "".join(rows) + "</w:tbl>"
    ins = lambda t: f'<w:ins w:id="11" w:author="办公室" w:date="2024-01-09T00:00:00Z">{run(t)}</w:ins>'
    dele = lambda t: (f'<w:del w:id="12" w:author="办公室" w:date="2024-01-09T00:00:00Z"><w:r><w:delText>{t}</w:delText>'
                      '</w:r></w:del>')
    preamble = ("<w:p><w:pPr><w:pPrChange w:id=\"13\" w:author=\"办公室\"><w:pPr><w:numPr><w:ilvl w:val=\"0\"/>"
                "<w:numId w:val=\"1\"/></w:numPr></w:pPr></w:pPrChange></w:pPr>"
                + run("2023年，街道党工委") + ins("认真") + dele("基本")
                + run("落实全面从严治党主体责任") + '<w:r><w:footnoteReference w:id="1"/></w:r>'
                + '<w:commentRangeStart w:id="0"/>' + run("，现总结如下：") + '<w:commentRangeEnd w:id="0"/>'
                + '<w:r><w:commentReference w:id="0"/></w:r></w:p>')
    joined = ('<w:p><w:pPr><w:rPr><w:del w:id="14" w:author="办公室" w:date="2024-01-09T00:00:00Z"/></w:rPr></w:pPr>'
              + run("强化监督执纪，") + "</w:p>")
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "http://example.org/" </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("廉洁文化") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    page = '<w:fldSimple w:instr=" PAGE \\* MERGEFORMAT ">' + run("3") + "</w:fldSimple>"
    body = [
        table(row(title)),
        preamble,
        para("主要工作", num=(1, 0)),
        para("加强组织领导", num=(1, 1)),
        para("全年召开党工委会议研究党风廉政建设工作6次，开展谈心谈话45人次。"),
        table(row("项目", "2022年", "2023年"), row("警示教育", "4次", "6次"), row("廉政风险点", "12个", "15个")),
        para("推进作风建设", num=(1, 1)),
        joined,
        "<w:p>" + run("严肃查处违纪问题，推进") + field + run("建设。") + page + "</w:p>",
        para("存在问题", num=(1, 0)),
        para("廉政风险防控不够精准。"),
        para(""),
        para("某街道党工委"),
        para("2024年1月12日"),
    ]
    levels = [level(0, "chineseCounting", "%1、"), level(1, "chineseCounting", "（%2）")]
    docx(f"{d}/revised.docx", body, numbering({1: levels}, [(1, 1, {})]))
    lines = [title, "2023年，街道党工委认真落实全面从严治党主体责任，现总结如下：", "一、主要工作", "（一）加强组织领导",
             "全年召开党工委会议研究党风廉政建设工作6次，开展谈心谈话45人次。",
             "项目", "2022年", "2023年", "警示教育", "4次", "6次", "廉政风险点", "12个", "15个",
             "（二）推进作风建设", "强化监督执纪，严肃查处违纪问题，推进廉洁文化建设。",
             "二、存在问题", "廉政风险防控不够精准。", "", "某街道党工委", "2024年1月12日"]
    return {"revised.txt": "\n".join(lines) + "\n"}


def broken(d):
    """Files the reader must refuse with a clear message."""
    whole = zip_bytes(docx_parts([para(TITLE), para(PREAMBLE)]), zipfile.ZIP_STORED)
    with open(f"{d}/bad-truncated.docx", "wb") as f:
        f.write(whole[: len(whole) // 2])
    ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(512)
    with open(f"{d}/bad-old-word.docx", "wb") as f:
        f.write(ole)
    with open(f"{d}/bad-old-word.doc", "wb") as f:
        f.write(ole)
    locked = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(512)
    with open(f"{d}/bad-password.docx", "wb") as f:
        f.write(locked)
    base = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS}
    # 65 MiB, mostly blanks between paragraphs (a text node stays under libxml2's own 10 MB limit)
    bomb = DECL + f'<w:document {NS}><w:body>' + ("<w:p>" + " " * (4 << 20) + "</w:p>") * 17 + "</w:body></w:document>"
    write_zip(f"{d}/bad-bomb.docx", {**base, "word/document.xml": bomb})

    def lie(data):
        # the same bomb whose headers claim 1000 bytes: only counting while inflating catches it
        data = bytearray(data)
        for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            i = data.find(sig)
            while i >= 0:
                struct.pack_into("<I", data, i + off, 1000)
                i = data.find(sig, i + 4)
        return bytes(data)
    write_zip(f"{d}/bad-bomb-lying.docx", {**base, "word/document.xml": bomb}, tamper=lie)
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
              '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
              f'<w:document {NS}><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>')
    stored = zipfile.ZIP_STORED
    write_zip(f"{d}/bad-entities.docx", {**base, "word/document.xml": laughs}, method=stored)
    write_zip(f"{d}/bad-xml.docx", {**base, "word/document.xml": DECL + f"<w:document {NS}><w:body><w:p>"},
              method=stored)
    write_zip(f"{d}/bad-no-document.docx", {**base, "xl/workbook.xml": DECL + "<workbook/>"}, method=stored)

    def encrypt_flag(data):
        # general-purpose bit 0 (encrypted) on every entry, local and central headers
        data = bytearray(data)
        for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            i = data.find(sig)
            while i >= 0:
                flags = struct.unpack_from("<H", data, i + off)[0]
                struct.pack_into("<H", data, i + off, flags | 1)
                i = data.find(sig, i + 4)
        return bytes(data)
    write_zip(f"{d}/bad-encrypted-entry.docx",
              {**base, "word/document.xml": document([para("x")])}, tamper=encrypt_flag,
              method=zipfile.ZIP_STORED)
    return {}


MAKERS = [numbered, typed, styled, restart, revised, broken]


def write_all(d):
    os.makedirs(d, exist_ok=True)
    for make in MAKERS:
        for name, text in make(d).items():
            with open(f"{d}/{name}", "w", encoding="utf-8", newline="\n") as f:
                f.write(text)


def contents(path):
    if path.endswith(".docx"):
        try:
            with zipfile.ZipFile(path) as z:
                return sorted((i.filename, z.read(i.filename)) for i in z.infolist())
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError):
            pass
    with open(path, "rb") as f:
        return f.read()


def check(d):
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        write_all(tmp)
        stale = [n for n in sorted(os.listdir(tmp))
                 if not os.path.exists(f"{d}/{n}") or contents(f"{tmp}/{n}") != contents(f"{d}/{n}")]
    for n in stale:
        print(f"stale fixture: {n} (rerun tests/docx/make_fixtures.py)")
    return 1 if stale else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check"]:
        sys.exit(check(sys.argv[2]))
    write_all(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
