"""The structure tree written into the finished PDF, and what else PDF/UA-1 asks of the file.

ReportLab has drawn the pages with their content marked (`tagging`); here, with pikepdf,
the file gets what makes it a tagged PDF (ISO 32000-1 §14.7-14.8) that meets PDF/UA-1
(ISO 14289-1):

- the `StructTreeRoot`: the elements (`S`, `P`, `K`, `Pg`, `Alt`, `Lang`, `ID` and the
  Table and List attributes), a `ParentTree` from each page's MCIDs and each link
  annotation back to its element, `ParentTreeNextKey`; every page's `StructParents`;
- each link annotation's `StructParent`, `Contents` (what it leads to) and its `OBJR`
  in a `Link` element; the pages' `Tabs /S` (tab order follows the structure);
- `MarkInfo <</Marked true>>`, the catalog's `Lang`, `DisplayDocTitle`, and XMP metadata
  with the title and the PDF/UA identification (`pdfuaid:part 1`).

The same input gives the same bytes: the file ID is derived from the content, and no
date or random value is written here.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from presskit.renderers.pdf.markup import escape as xml_escape
from presskit.renderers.pdf.tagging import Annotation, Content, Element

LIST_ATTRIBUTES = {"ListNumbering"}
TABLE_ATTRIBUTES = {"Scope"}
STRING_ATTRIBUTES = {"Alt", "Lang", "ID"}
STRUCT_ELEM, MCR, OBJR = Name.StructElem, Name.MCR, Name.OBJR


def tagged(
    pdf_bytes: bytes,
    root: Element,
    parents: list[list[Element]],
    lang: str,
    descriptions: Mapping[str, str],
) -> bytes:
    """`pdf_bytes` with the structure tree of `root` (`parents`: each page's element of each
    MCID), in language `lang`; `descriptions` says what an internal link's destination is."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        TreeWriter(pdf, descriptions).write(root, parents)
        catalog = pdf.Root
        catalog.MarkInfo = Dictionary(Marked=True)
        catalog.Lang = String(lang)
        catalog.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        catalog.Metadata = pdf.make_stream(
            xmp(pdf.docinfo, lang).encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML
        )
        out = io.BytesIO()
        # ReportLab has compressed every stream; the XMP stays plain text, as readers expect it.
        pdf.save(
            out, deterministic_id=True, fix_metadata_version=False, min_version="1.7", compress_streams=False
        )
    return out.getvalue()


class TreeWriter:
    """The elements of one document as PDF objects, and the ParentTree that finds them again."""

    def __init__(self, pdf: pikepdf.Pdf, descriptions: Mapping[str, str]) -> None:
        self.pdf = pdf
        self.pages = [page.obj for page in pdf.pages]
        self.descriptions = descriptions
        self.objects: dict[int, Dictionary] = {}  # id(Element) -> its StructElem
        self.annotations: list[Dictionary] = []  # the elements of each annotation, keyed after the pages

    def write(self, root: Element, parents: list[list[Element]]) -> None:
        tree = self.pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        document = self.element(root, tree)
        tree.K = Array([document] if document is not None else [])
        nums: list[Any] = []
        for number, page in enumerate(self.pages):
            page.StructParents = number
            page.Tabs = Name.S
            mcids = parents[number] if number < len(parents) else []
            nums += [number, self.pdf.make_indirect(Array([self.objects[id(e)] for e in mcids]))]
        for offset, element in enumerate(self.annotations):
            nums += [len(self.pages) + offset, element]
        tree.ParentTree = self.pdf.make_indirect(Dictionary(Nums=Array(nums)))
        tree.ParentTreeNextKey = len(self.pages) + len(self.annotations)
        self.pdf.Root.StructTreeRoot = tree

    def element(self, element: Element, parent: Dictionary) -> Dictionary | None:
        """`element` as a StructElem under `parent`; None for one with no content (left out).

        Objects are made from whole dictionaries: pikepdf's keyword form costs three times as much.
        """
        if not has_content(element):
            return None
        entries: dict[str, Any] = {"/Type": STRUCT_ELEM, "/S": Name("/" + element.role), "/P": parent}
        entries.update(attributes(element.attributes))
        first = first_page(element)
        if first is not None:
            entries["/Pg"] = self.pages[first]
        node = self.pdf.make_indirect(Dictionary(entries))
        self.objects[id(element)] = node
        kids: list[Any] = []
        for kid in element.kids:
            if isinstance(kid, Element):
                written = self.element(kid, node)
                if written is not None:
                    kids.append(written)
            elif isinstance(kid, Content):
                if kid.page == first:
                    kids.append(kid.mcid)
                else:
                    kids.append(Dictionary({"/Type": MCR, "/Pg": self.pages[kid.page], "/MCID": kid.mcid}))
            else:
                kids.append(self.annotation(kid, node))
        node.K = Array(kids)
        return node

    def annotation(self, kid: Annotation, element: Dictionary) -> Dictionary:
        page = self.pages[kid.page]
        annotation = page.Annots[kid.index]
        annotation.StructParent = len(self.pages) + len(self.annotations)
        self.annotations.append(element)
        if not str(annotation.get("/Contents", "")).strip():
            annotation.Contents = String(self.description(annotation, kid.destination))
        return Dictionary({"/Type": OBJR, "/Obj": annotation, "/Pg": page})

    def description(self, annotation: pikepdf.Object, destination: str) -> str:
        """What a link leads to: its address, or what its destination in the document is."""
        action = annotation.get("/A")
        if action is not None and "/URI" in action:
            return str(action.URI)
        return self.descriptions.get(destination, destination)


def has_content(element: Element) -> bool:
    return any(not isinstance(kid, Element) or has_content(kid) for kid in element.kids)


def first_page(element: Element) -> int | None:
    pages = [kid.page for kid in element.kids if isinstance(kid, Content)]
    return min(pages) if pages else None


def attributes(values: Mapping[str, str]) -> dict[str, Any]:
    """The element's own entries, and the attributes its type owns (List, Table)."""
    entries: dict[str, Any] = {}
    for key, value in values.items():
        if key in STRING_ATTRIBUTES:
            entries["/" + key] = String(value)
        elif key in LIST_ATTRIBUTES:
            entries["/A"] = Dictionary({"/O": Name.List, "/ListNumbering": Name("/" + value)})
        elif key in TABLE_ATTRIBUTES:
            entries["/A"] = Dictionary({"/O": Name.Table, "/Scope": Name("/" + value)})
    return entries


def xmp(info: Dictionary, lang: str) -> str:
    """XMP metadata saying what the document information says, and that the file is PDF/UA-1."""

    def text(key: str) -> str:
        value = info.get(key)
        return xml_escape(str(value)) if value is not None else ""

    language = xml_escape(lang)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text("/Title")}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{text("/Author")}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text("/Subject")}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{text("/Keywords")}</pdf:Keywords>
   <pdf:Producer>{text("/Producer")}</pdf:Producer>
   <xmp:CreatorTool>{text("/Creator")}</xmp:CreatorTool>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
