/**
 * The runbook notebook model: a Markdown runbook seen as a list of cells.
 * Plain JSON-safe data, so the VS Code serializer can keep it in notebook and cell metadata.
 */

/** How fence attributes were written: `{"name":"x"}` (json) or `{name=x}` / `name=x` (kv). */
export type AttributeEncoding = 'json' | 'kv';

/** A line ending as found in the file. A lone `\r` counts as a line ending, as in CommonMark. */
export type LineEnding = '\n' | '\r\n' | '\r';

/**
 * What the serializer needs to write a cell back byte for byte. Opaque to everyone else:
 * the VS Code layer keeps it in cell metadata and hands it back unchanged.
 */
export interface CellSource {
  kind: 'markup' | 'code';
  /** Exact text between the previous cell (or the front matter / document start) and this cell. */
  before: string;
  /** Exact original text of the cell, from its first character to the end of its last line, without that line's ending. */
  text: string;
  /** 1-based line of the cell's first line in the file (front matter included). */
  line: number;
  // ---- code cells only ----
  /** The body as parsed, to tell an edited body from an unedited one. */
  value?: string;
  /** Text before the fence marker on the opening line: indentation, list markers, `>`. */
  prefix?: string;
  /** The opening fence marker, for example ``` or ~~~~. */
  marker?: string;
  /** The opening line after the marker, verbatim (spaces, language, attributes, trailing spaces). */
  afterMarker?: string;
  /** The exact closing line, or null when the fence was never closed. */
  closing?: string | null;
  /** The line ending after the opening line; used for the lines of a rewritten fence. */
  eol?: LineEnding;
}

export interface CellMetadata {
  /** Code cells: the fence attributes, for example { name: 'restart', confirm: true }. */
  attributes?: Record<string, unknown>;
  /** Code cells: how the author wrote the attributes, kept when they are written back. */
  attributeEncoding?: AttributeEncoding;
  /** Opaque: how to restore the exact bytes. Absent on cells created in the editor. */
  runbook?: CellSource;
  [key: string]: unknown;
}

export interface RawCell {
  kind: 'markup' | 'code';
  /** Code: the executable language in lower case (promql, kubectl, http, sh). Markup: 'markdown'. */
  language: string;
  /** Code: the fence body without container indentation and without a final newline. Markup: the exact source text. */
  value: string;
  metadata: CellMetadata;
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  message: string;
  /** 1-based line in the file, when known. */
  line?: number;
}

export interface FrontMatter {
  /** Exact text from the opening `---` through the closing line's line ending. */
  raw: string;
  /** The YAML between the delimiters. */
  yaml: string;
  /** The parsed mapping; undefined when the YAML is malformed, too large or not a mapping. */
  data: Record<string, unknown> | undefined;
  diagnostics: Diagnostic[];
}

/** Document-level data the serializer needs besides the cells (JSON-safe: VS Code keeps it in notebook metadata). */
export interface RunbookDocumentMetadata {
  /** The file started with a UTF-8 byte order mark. */
  bom: boolean;
  /** The dominant line ending, used for new cells. */
  eol: '\n' | '\r\n';
  /** The exact front matter text, written back unchanged; undefined when there is none. */
  frontMatterRaw?: string;
  /** Exact text after the last cell (its line ending and any blank lines). */
  trailing: string;
}

export interface ParsedRunbook {
  cells: RawCell[];
  frontMatter: FrontMatter | undefined;
  eol: '\n' | '\r\n';
  /** Pass this to serializeRunbook with the (possibly edited) cells. */
  document: RunbookDocumentMetadata;
  /** Front matter problems and other things the author should know; parsing itself never fails. */
  diagnostics: Diagnostic[];
}

export interface ParameterSpec {
  name: string;
  default?: string;
  description?: string;
  /** The alert label that fills it (default: the label of the same name). */
  label: string;
}

export interface RunbookMeta {
  title?: string;
  /** The alert names this runbook serves. */
  alerts: string[];
  severity?: string;
  parameters: ParameterSpec[];
  /** Problems in the front matter fields (ignored entries, wrong types). */
  problems: string[];
}
