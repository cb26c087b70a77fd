"""Names shared by the stages that write and read TEI: namespaces and the source-line PI."""

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Target of ``<?tei-edition src-line="N"?>``, written before body blocks by the converter and
#: read by the validator to point problems at the transcript.
SOURCE_PI = "tei-edition"
