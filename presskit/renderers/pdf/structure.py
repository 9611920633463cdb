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

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFObjectReference,
    PDFPage,
    PDFStream,
    PDFString,
)

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
    """The elements of one document as PDF objects, and the ParentTree that finds them again.

    Every page and annotation is in the document by now, and ReportLab numbers an object as
    it is registered, so each structure element is written here, once, straight to the bytes
    of its object (`struct_elem`): a document has hundreds, and as ReportLab's nested
    dictionaries, arrays, names and references they took as long to write out as the rest
    of tagging together. Bytes are what ReportLab writes as they are, and what the collector
    never walks. (Its text strings, `Alt`, `Lang` and `ID`, are encoded by ReportLab now,
    not as the file is written: presskit's documents are never encrypted.)"""

    def __init__(self, doc: PDFDocument, descriptions: Mapping[str, str]) -> None:
        self.doc = doc
        self.pages: list[Any] = list(doc.Pages.pages)
        self.descriptions = descriptions
        self.objects: dict[int, str] = {}  # id(Element) -> a reference to its StructElem
        self.annotations: list[str] = []  # the element of each annotation, after the pages
        self.holding: set[int] = set()  # the ids of the elements with content (`with_content`)
        self.page_refs = [reference_text(doc, f"Page{n + 1}") for n in range(len(self.pages))]

    def register(self, name: str, data: bytes = b"") -> str:
        """An indirect object of `data`, as they are written, named `name`: a reference to it."""
        self.doc.Reference(data, name)
        return reference_text(self.doc, name)

    def write(self, root: Element, parents: list[list[Element]]) -> PDFObjectReference:
        tree = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        tree_ref = self.doc.Reference(tree)
        tree_text = reference_text(self.doc, tree_ref.name)
        self.holding = with_content(root)
        document = self.element(root, tree_text)
        tree["K"] = f"[{document or ''}]".encode("ascii")
        objects = self.objects
        nums: list[str] = []
        for number, page in enumerate(self.pages):
            page.__NoDefault__ = PAGE_ENTRIES  # the entries ReportLab writes for this page
            page.StructParents = number
            page.Tabs = PDFName("S")
            mcids = parents[number] if number < len(parents) else []
            array = "[" + " ".join([objects[id(e)] for e in mcids]) + "]"
            nums += [str(number), self.register(f"StructTree.Page{number}", array.encode("ascii"))]
        for offset, element in enumerate(self.annotations):
            nums += [str(len(self.pages) + offset), element]
        self.register("StructTree.ParentTree", ("<< /Nums [" + " ".join(nums) + "] >>").encode("ascii"))
        tree["ParentTree"] = PDFObjectReference("StructTree.ParentTree")
        tree["ParentTreeNextKey"] = len(self.pages) + len(self.annotations)
        return tree_ref

    def element(self, element: Element, parent: str) -> str | None:
        """`element` as a StructElem under `parent`: a reference to it, as written; None for
        one with no content (left out)."""
        if id(element) not in self.holding:
            return None
        name = f"StructTree.Elem{len(self.objects)}"  # names ReportLab gives none
        own = self.register(name)  # its number, for its kids; its bytes once they are written
        self.objects[id(element)] = own
        page_refs = self.page_refs
        kids: list[str] = []
        first: int | None = None  # its page: that of its first content, as pages are drawn in order
        for kid in element.kids:
            kind = type(kid)
            if kind is Content:
                page, mcid = kid  # type: ignore[misc]
                if first is None:
                    first = page
                if page == first:
                    kids.append(str(mcid))
                else:
                    kids.append(f"<< /Type /MCR /Pg {page_refs[page]} /MCID {mcid} >>")
            elif kind is Annotation:
                kids.append(self.annotation(kid, own))  # type: ignore[arg-type]
            else:
                written = self.element(kid, own)  # type: ignore[arg-type]
                if written is not None:
                    kids.append(written)
        page_entry = f" /Pg {page_refs[first]}" if first is not None else ""
        head = f"<< /Type /StructElem /S {role_name(element.role)} /P {parent}{page_entry}"
        if element.attributes:
            data = struct_elem(self.doc, head, element.attributes, kids)
        else:  # most elements
            data = f"{head} /K [{' '.join(kids)}] >>".encode("ascii")
        self.doc.idToObject[name] = data  # in place of the empty bytes it was registered with
        return own

    def annotation(self, kid: Annotation, element: str) -> str:
        reference = self.pages[kid.page].Annots[kid.position]
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
        obj = reference_text(self.doc, reference.name)
        return f"<< /Type /OBJR /Obj {obj} /Pg {self.page_refs[kid.page]} >>"

    def description(self, annotation: PDFDictionary, destination: str) -> str:
        """What a link leads to: its address, or what its destination in the document is."""
        action = annotation.dict.get("A")
        if isinstance(action, PDFDictionary) and "URI" in action.dict:
            return _text(action.dict["URI"])
        return self.descriptions.get(destination, destination)


def reference_text(doc: PDFDocument, name: str) -> str:
    """A reference to the object ReportLab registered as `name`, as the file says it."""
    number, version = doc.idToObjectNumberAndVersion[name]
    return f"{number} {version} R"


def struct_elem(doc: PDFDocument, head: str, attributes: Mapping[str, str], kids: list[str]) -> bytes:
    """A structure element's dictionary: `head` (its type, parent and page), its attributes
    (its own entries and those its type owns: List, Table) and its kids, as written."""
    strings: list[bytes] = []
    owned = ""
    for key, value in attributes.items():
        if key in STRING_ATTRIBUTES:
            strings += [f" /{key} ".encode("ascii"), PDFString(value).format(doc)]
        elif key in LIST_ATTRIBUTES or key in TABLE_ATTRIBUTES:
            owner = "List" if key in LIST_ATTRIBUTES else "Table"
            owned = f" /A << /O /{owner} {PDFName(key)} {PDFName(value)} >>"
    tail = f"{owned} /K [{' '.join(kids)}] >>"
    if not strings:
        return (head + tail).encode("ascii")
    return b"".join([head.encode("ascii"), *strings, tail.encode("ascii")])


@functools.cache
def role_name(role: str) -> str:
    """A structure type as a PDF name."""
    return str(PDFName(role))


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
            held = (visit(kid) if type(kid) is Element else True) or held
        if held:
            found.add(id(element))
        return held

    visit(root)
    return found


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
