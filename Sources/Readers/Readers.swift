// Readers — the one module of shared file readers under the importer plugins.
//
// Every plugin in Plugins/ reads its exports through these, and depends on DraagvlakCore and
// Readers only (plus an external product it needs, such as ZIPFoundation):
//
//   CSVReader         streaming RFC 4180 reader (`,` `;` TAB, CRLF or LF, BOM) in bounded memory
//   TextEncoding      UTF-8 or Windows-1252, decided once per file, and the advice to convert
//   CSVSample         the first records of a file's sample, for detection without opening it
//   RecordSink        where a plugin's readers hand header and records (ImportSession in production)
//   XMLStreamReader   hardened streaming XML pull reader on libxml2 (CLibXML2); see docs/XML.md
//
// Polis openData exports are read through CSVReader by both the PolisImporter plugin and
// PolisOpenData (the conformance and benchmark reader), so there is one CSV layer beneath them.
