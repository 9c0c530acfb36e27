import Foundation
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
            .chart(
                Charts.bars(
                    id: "c1", title: "Borda <score>", summary: "Wonen 2,8", bars: [Charts.Bar(label: "Wonen", value: 2.8, text: "2,8")],
                    maximum: 4)),
            .note("klein"),
            .quotes(["Zie [dit](https://evil.example) ![x](y) <img src=x> *echt*\n# kop"]),
        ])

    @Test func htmlIsSelfContainedEscapedAndAccessible() {
        let html = HTMLRenderer.render(document)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<html lang=\"nl\">"))
        #expect(html.contains("<title>Visie &lt;2040&gt;</title>"))
        #expect(html.contains("<strong>nadruk</strong>") && html.contains("<em>cursief</em>"))
        #expect(html.contains("group_id &lt;script&gt;"))
        #expect(!html.contains("<script"))
        // Nothing is loaded or linked from elsewhere (the quote's URL stays text).
        for reference in ["href=\"http", "src=\"http", "url(http", "@import"] { #expect(!html.contains(reference)) }
        #expect(html.contains("Zie [dit](https://evil.example) ![x](y) &lt;img src=x&gt; *echt*"))
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
        // A quote stays text: no link, image, HTML or heading.
        #expect(md.contains("- “Zie \\[dit\\](https://evil.example) !\\[x\\](y) \\<img src=x\\> \\*echt\\* # kop”"))
    }

    @Test func linksToNeighbouringFilesOnly() {
        let html = HTMLRenderer.render(
            Document(title: "T", language: "nl", blocks: [.paragraph("[rapport](wonen.html) en [weg](https://evil.example)")]))
        #expect(html.contains("<a href=\"wonen.html\">rapport</a>"))
        #expect(!html.contains("href=\"https"))
    }

    @Test func palettesAreDivergingAndTextStaysReadable() {
        #expect(Charts.divergingPalette(5).count == 5)
        #expect(Charts.colour(0) == "#e66101" && Charts.colour(1) == "#5e3c99")
        #expect(Charts.ink(on: "#5e3c99") == "#fff" && Charts.ink(on: "#f0f0f0") == "#000")
    }
}
