import Datasets
import Testing

/// The CSV and Pascal VOC readers of labelled sets, on well-formed files and on the mistakes people make.
@Suite struct AnnotationTests {
    @Test func csvRowsFollowRFC4180() throws {
        let text = "\u{FEFF}file,label\r\n\"a, b.png\",\"golden \"\"retriever\"\"\"\n\nc.png,cat,\n\"line\nbreak.png\",3"
        #expect(try CSVTable.rows(text) == [["file", "label"], ["a, b.png", "golden \"retriever\""], ["c.png", "cat", ""],
                                            ["line\nbreak.png", "3"]])
        #expect(try CSVTable.rows(" spaced .png , x ") == [[" spaced .png ", " x "]])
        #expect(try CSVTable.rows("") == [])
    }

    @Test func malformedCSVIsNamedByLine() {
        for (text, words) in [("a\nb\"c,d", "line 2: a quote inside an unquoted field"), ("\"open,x\ny", "never closed"),
                              ("\"a\"b,c", "text after a quoted field"), ("a\rb", "carriage return")] {
            let error = #expect(throws: DatasetError.self) { try CSVTable.rows(text) }
            #expect(error?.description.contains(words) == true, "\(text): \(String(describing: error))")
        }
    }

    /// The layout of ImageNet's validation boxes (ILSVRC2012_val_00000001.xml), tabs, WordNet id and all.
    @Test func imageNetValidationBoxesParse() throws {
        let xml = """
            <annotation>
            \t<folder>val</folder>
            \t<filename>ILSVRC2012_val_00000001</filename>
            \t<source>
            \t\t<database>ILSVRC_2012</database>
            \t</source>
            \t<size>
            \t\t<width>500</width>
            \t\t<height>375</height>
            \t\t<depth>3</depth>
            \t</size>
            \t<segmented>0</segmented>
            \t<object>
            \t\t<name>n01751748</name>
            \t\t<pose>Unspecified</pose>
            \t\t<truncated>0</truncated>
            \t\t<difficult>0</difficult>
            \t\t<bndbox>
            \t\t\t<xmin>111</xmin>
            \t\t\t<ymin>108</ymin>
            \t\t\t<xmax>441</xmax>
            \t\t\t<ymax>332</ymax>
            \t\t</bndbox>
            \t</object>
            </annotation>
            """
        let annotation = try VOCAnnotation(xml: Array(xml.utf8))
        #expect(annotation.width == 500 && annotation.height == 375)
        #expect(annotation.objects == [.init(name: "n01751748", xmin: 111, ymin: 108, xmax: 441, ymax: 332)])
        #expect(annotation.objects[0].pixels == PixelBox(top: 107, left: 110, bottom: 332, right: 441))
    }

    @Test func xmlDeclarationsCommentsEntitiesAndCDATAAreRead() throws {
        let xml = """
            \u{FEFF}<?xml version="1.0" encoding="utf-8"?>
            <!DOCTYPE annotation [<!ENTITY bomb "never expanded">]>
            <!-- a comment -->
            <annotation><object><name>cat &amp; dog &#233;&#x4E2D;</name>
            <bndbox a='1' b="&lt;2&gt;"><xmin>1.4</xmin><ymin> 2 </ymin><xmax>30</xmax><ymax>40</ymax></bndbox></object>
            <object><name><![CDATA[<dog>]]></name><bndbox><xmin>5</xmin><ymin>5</ymin><xmax>6</xmax><ymax>6</ymax></bndbox></object>
            </annotation>
            """
        let annotation = try VOCAnnotation(xml: Array(xml.utf8))
        #expect(annotation.width == nil)
        #expect(annotation.objects.map(\.name) == ["cat & dog é中", "<dog>"])
        #expect(annotation.objects[0].xmin == 1 && annotation.objects[0].ymin == 2)
        let element = try MarkupParser.document(Array("<a x='1' y=\"&lt;2&gt;\"><b/>text<c>more</c></a>".utf8))
        #expect(element.attributes == ["x": "1", "y": "<2>"] && element.children.map(\.name) == ["b", "c"] && element.text == "text")
    }

    @Test func vocWrittenIsReadBack() throws {
        let annotation = VOCAnnotation(width: 64, height: 48, objects: [.init(name: "a <b> & c", xmin: 3, ymin: 4, xmax: 20, ymax: 48)])
        #expect(try VOCAnnotation(xml: Array(annotation.xml(filename: "x&y.png").utf8)) == annotation)
    }

    @Test func badXMLIsRefusedWithWhereAndWhy() {
        let deep = String(repeating: "<a>", count: MarkupParser.maximumDepth + 1) + String(repeating: "</a>", count: MarkupParser.maximumDepth + 1)
        let cases: [(String, String)] = [
            ("<annotation><size></annotation>", "</annotation> closes <size>"),
            ("<annotation>", "never closed"),
            ("<annotation>&bomb;</annotation>", "unknown reference &bomb;"),
            ("<annotation>a & b</annotation>", "'&' that starts no reference"),
            ("<annotation></annotation><x/>", "a second root element"),
            ("text<annotation/>", "text outside the root element"),
            ("<annotation a=1/>", "not quoted"),
            ("<annotation a='1' a='2'/>", "given twice"),
            ("<annotation>&#0;</annotation>", "unknown reference"),
            ("<annotation>&#xD800;</annotation>", "unknown reference"),
            ("<!-- open", "a comment is never closed"),
            ("", "no element"),
            (deep, "nested deeper than"),
            ("<voc/>", "root element is <annotation>"),
            ("<annotation><object><bndbox><xmin>9</xmin><ymin>1</ymin><xmax>3</xmax><ymax>2</ymax></bndbox></object></annotation>", "runs backwards"),
            ("<annotation><object><bndbox><xmin>one</xmin></bndbox></object></annotation>", "not a number"),
            ("<annotation><object><name>x</name></object></annotation>", "has no <bndbox>"),
            ("<annotation><size><width>0</width><height>3</height></size></annotation>", "declares 0×3"),
        ]
        for (xml, words) in cases {
            let error = #expect(throws: DatasetError.self) { try VOCAnnotation(xml: Array(xml.utf8)) }
            #expect(error?.description.contains(words) == true, "\(xml.prefix(60)): \(String(describing: error))")
        }
    }
}
