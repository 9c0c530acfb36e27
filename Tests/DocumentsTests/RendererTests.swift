import Testing
@testable import Documents

@Suite struct RendererTests {
    let document = Document(
        title: "Visie <2040>", subtitle: ["**Dijkwaard** & co"], language: "nl",
        blocks: [
            .heading(level: 2, text: "Samenvatting", id: "samenvatting"),
            .paragraph("Tekst met **nadruk**, _cursief_ en group_id <script>."),
            .list(["een", "twee | drie"]),
            .table(DocumentTable(header: ["Groep", "n"], rows: [["Noord", "12"]], numeric: [false, true], caption: "Deelname")),
            .chart(Charts.bars(id: "c1", title: "Borda <score>", summary: "Wonen 2,8", bars: [Charts.Bar(label: "Wonen", value: 2.8, text: "2,8")], maximum: 4)),
            .note("klein"),
        ])

    @Test func htmlIsSelfContainedEscapedAndAccessible() {
        let html = HTMLRenderer.render(document)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<html lang=\"nl\">"))
        #expect(html.contains("<title>Visie &lt;2040&gt;</title>"))
        #expect(html.contains("<strong>nadruk</strong>") && html.contains("<em>cursief</em>"))
        #expect(html.contains("group_id &lt;script&gt;"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!html.contains("https://"))
        #expect(html.contains("<svg role=\"img\" aria-labelledby=\"c1-title c1-desc\""))
        #expect(html.contains("<title id=\"c1-title\">Borda &lt;score&gt;</title>"))
        #expect(html.contains("<th scope=\"col\" class=\"num\">n</th>"))
        #expect(html.contains("<caption>Deelname</caption>"))
        #expect(html.contains("@media print"))
        #expect(html.contains("<a href=\"#samenvatting\">Samenvatting</a>"))
    }

    @Test func markdownKeepsTablesAndLeavesChartsOut() {
        let md = MarkdownRenderer.render(document)
        #expect(md.hasPrefix("# Visie <2040>\n"))
        #expect(md.contains("| Groep | n |\n| --- | ---: |\n| Noord | 12 |"))
        #expect(md.contains("- twee | drie"))
        #expect(!md.contains("<svg"))
        #expect(md.contains("_klein_"))
    }

    @Test func palettesAreDivergingAndTextStaysReadable() {
        #expect(Charts.divergingPalette(5).count == 5)
        #expect(Charts.colour(0) == "#e66101" && Charts.colour(1) == "#5e3c99")
        #expect(Charts.ink(on: "#5e3c99") == "#fff" && Charts.ink(on: "#f0f0f0") == "#000")
    }
}
