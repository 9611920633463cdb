"""The structure tree, and what else PDF/UA-1 asks of the file, written by ReportLab itself.

The pages have been drawn with their content marked (`tagging`); just before the canvas
saves, this adds to ReportLab's own document the objects that make it a tagged PDF
(ISO 32000-1 §14.7-14.8) meeting PDF/UA-1 (ISO 14289-1), so the file is written once:

- the `StructTreeRoot`: the elements (`S`, `P`, `K`, `Pg`, `Alt`, `Lang`, `ID` and the
  Table and List attributes), a `ParentTree` from each page's MCIDs and each link
  annotation back to its element, `ParentTreeNextKey`; every page's `StructParents`;
- each link annotation's `StructParent`, `Contents` (what it leads to) and its `OBJR`
  in a `Link` element; the pages' `Tabs /S` (tab order follows the structure);
- `MarkInfo <</Marked true>>`, the catalog's `Lang`, `DisplayDocTitle`, XMP metadata with
  the title and the PDF/UA identification (`pdfuaid:part 1`), and a PDF 1.7 header.

ReportLab's objects take names and strings as they are written in the file: a name is
"/Name", `true` is the text "true". The same input gives the same bytes: nothing here
depends on a date, a random value or the order of a hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFPage,
    PDFStream,
    PDFString,
)
from reportlab.pdfbase.pdfdoc import format as pdf_format

from presskit.renderers.pdf.marking import Annotation, Content, Element
from presskit.renderers.pdf.markup import escape as xml_escape

LIST_ATTRIBUTES = {"ListNumbering"}
TABLE_ATTRIBUTES = {"Scope"}
STRING_ATTRIBUTES = {"Alt", "Lang", "ID"}
PAGE_ENTRIES = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]


@dataclass(frozen=True)
class Structure:
    """What the tree is made from: the elements, the document's language, and what each
    internal link's destination is (a source's text, for a citation)."""

    root: Element
    lang: str
    descriptions: Mapping[str, str]


def write_structure(doc: PDFDocument, structure: Structure, parents: list[list[Element]]) -> None:
    """Add the structure tree of `structure.root` (`parents`: each page's element of each MCID)
    and the catalog's entries to ReportLab's document `doc`, before it is saved."""
    writer = TreeWriter(doc, structure.descriptions)
    catalog = doc.Catalog
    catalog.StructTreeRoot = writer.write(structure.root, parents)
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Lang = PDFString(structure.lang)
    catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": "true"})
    metadata = xmp(doc.info, structure.lang).encode("utf-8")
    # The XMP stays plain text (no filter), as readers and validators expect it.
    catalog.Metadata = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), metadata, filters=[]
    )
    doc._pdfVersion = max(doc._pdfVersion, (1, 7))


class TreeWriter:
    """The elements of one document as PDF objects, and the ParentTree that finds them again."""

    def __init__(self, doc: PDFDocument, descriptions: Mapping[str, str]) -> None:
        self.doc = doc
        self.pages: list[Any] = list(doc.Pages.pages)
        self.descriptions = descriptions
        self.objects: dict[int, PDFObjectReference] = {}  # id(Element) -> its StructElem
        self.annotations: list[PDFObjectReference] = []  # the element of each annotation, after the pages
        self.holding: set[int] = set()  # the ids of the elements with content (`with_content`)

    def page_ref(self, number: int) -> PDFObjectReference:
        return PDFObjectReference(f"Page{number + 1}")  # as ReportLab names its pages

    def write(self, root: Element, parents: list[list[Element]]) -> PDFObjectReference:
        tree = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        tree_ref = self.doc.Reference(tree)
        self.holding = with_content(root)
        document = self.element(root, tree_ref)
        tree["K"] = PDFArray([document] if document is not None else [])
        nums: list[Any] = []
        for number, page in enumerate(self.pages):
            page.__NoDefault__ = PAGE_ENTRIES  # the entries ReportLab writes for this page
            page.StructParents = number
            page.Tabs = PDFName("S")
            mcids = parents[number] if number < len(parents) else []
            nums += [number, self.doc.Reference(PDFArray([self.objects[id(e)] for e in mcids]))]
        for offset, element in enumerate(self.annotations):
            nums += [len(self.pages) + offset, element]
        tree["ParentTree"] = self.doc.Reference(PDFDictionary({"Nums": PDFArray(nums)}))
        tree["ParentTreeNextKey"] = len(self.pages) + len(self.annotations)
        return tree_ref

    def element(self, element: Element, parent: PDFObjectReference) -> PDFObjectReference | None:
        """`element` as a StructElem under `parent`; None for one with no content (left out)."""
        if id(element) not in self.holding:
            return None
        first = first_page(element)
        node = StructElem(element.role, parent, self.page_ref(first) if first is not None else None)
        node.entries = attributes(element.attributes)
        ref = self.doc.Reference(node)
        self.objects[id(element)] = ref
        for kid in element.kids:
            if isinstance(kid, Element):
                written = self.element(kid, ref)
                if written is not None:
                    node.kids.append(written)
            elif isinstance(kid, Content):
                if kid.page == first:
                    node.kids.append(kid.mcid)
                else:
                    node.kids.append(
                        PDFDictionary(
                            {"Type": PDFName("MCR"), "Pg": self.page_ref(kid.page), "MCID": kid.mcid}
                        )
                    )
            else:
                node.kids.append(self.annotation(kid, ref))
        return ref

    def annotation(self, kid: Annotation, element: PDFObjectReference) -> PDFDictionary:
        reference = self.pages[kid.page].Annots[kid.index]
        annotation = self.doc.idToObject[reference.name]
        number = len(self.pages) + len(self.annotations)
        self.annotations.append(element)
        if isinstance(annotation, PDFDictionary):  # a web link: ReportLab's dictionary
            annotation["StructParent"] = number
            if not _text(annotation.dict.get("Contents")).strip():
                annotation["Contents"] = PDFString(self.description(annotation, kid.destination))
        else:  # a link inside the document: ReportLab's LinkAnnotation, which checks its keys
            annotation.permitted = (*type(annotation).permitted, "StructParent")
            annotation.otherkw["StructParent"] = number
            if not str(annotation.Contents or "").strip():
                annotation.Contents = self.descriptions.get(kid.destination, kid.destination)
        return PDFDictionary({"Type": PDFName("OBJR"), "Obj": reference, "Pg": self.page_ref(kid.page)})

    def description(self, annotation: PDFDictionary, destination: str) -> str:
        """What a link leads to: its address, or what its destination in the document is."""
        action = annotation.dict.get("A")
        if isinstance(action, PDFDictionary) and "URI" in action.dict:
            return _text(action.dict["URI"])
        return self.descriptions.get(destination, destination)


class StructElem(PDFObject):  # type: ignore[misc]
    """One structure element, written straight to the file's bytes.

    A document has hundreds; as ReportLab's nested dictionaries, arrays and names they took
    as long to write out as the rest of tagging together."""

    def __init__(self, role: str, parent: PDFObjectReference, page: PDFObjectReference | None) -> None:
        self.head = f"<< /Type /StructElem /S /{role} /P ".encode("ascii")
        self.parent = parent
        self.page = page
        self.entries: dict[str, Any] = {}
        self.kids: list[Any] = []  # MCIDs, references to elements, MCR and OBJR dictionaries

    def format(self, document: PDFDocument) -> bytes:
        out = [self.head, self.parent.format(document)]
        if self.page is not None:
            out += [b" /Pg ", self.page.format(document)]
        for key, value in self.entries.items():
            out += [b" /", key.encode("ascii"), b" ", pdf_format(value, document)]
        kids = [
            str(kid).encode("ascii") if isinstance(kid, int) else pdf_format(kid, document)
            for kid in self.kids
        ]
        out += [b" /K [", b" ".join(kids), b"] >>"]
        return b"".join(out)


def _text(value: Any) -> str:
    """The text of a ReportLab string object (or of a plain value)."""
    if isinstance(value, PDFString):
        raw = value.s
        return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return "" if value is None else str(value)


def with_content(root: Element) -> set[int]:
    """The ids of `root` and the elements under it that hold content, each looked at once."""
    found: set[int] = set()

    def visit(element: Element) -> bool:
        held = False
        for kid in element.kids:
            held = (visit(kid) if isinstance(kid, Element) else True) or held
        if held:
            found.add(id(element))
        return held

    visit(root)
    return found


def first_page(element: Element) -> int | None:
    pages = [kid.page for kid in element.kids if isinstance(kid, Content)]
    return min(pages) if pages else None


def attributes(values: Mapping[str, str]) -> dict[str, Any]:
    """The element's own entries, and the attributes its type owns (List, Table)."""
    entries: dict[str, Any] = {}
    for key, value in values.items():
        if key in STRING_ATTRIBUTES:
            entries[key] = PDFString(value)
        elif key in LIST_ATTRIBUTES:
            entries["A"] = PDFDictionary({"O": PDFName("List"), "ListNumbering": PDFName(value)})
        elif key in TABLE_ATTRIBUTES:
            entries["A"] = PDFDictionary({"O": PDFName("Table"), "Scope": PDFName(value)})
    return entries


def xmp(info: Any, lang: str) -> str:
    """XMP metadata saying what the document information says, and that the file is PDF/UA-1."""

    def text(name: str) -> str:
        value = getattr(info, name, None)
        return xml_escape(str(value)) if value else ""

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
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text("title")}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{text("author")}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text("subject")}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{text("keywords")}</pdf:Keywords>
   <pdf:Producer>{text("producer")}</pdf:Producer>
   <xmp:CreatorTool>{text("creator")}</xmp:CreatorTool>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
