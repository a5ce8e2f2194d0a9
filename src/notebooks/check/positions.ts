/**
 * File positions of places inside a code cell. A cell's body is the fence content with container indentation
 * (list items, block quotes) removed and line endings normalized to \n; its first line is the line after the
 * opening fence. Lines and columns are 1-based; columns count UTF-16 code units, as editors do.
 */
import { splitLines, type Lines } from '../lines';

export interface Position {
  line: number;
  column: number;
}

/** The file's lines, to turn cell positions into file columns (the indentation a list item adds). */
export class FileLines {
  private readonly lines: Lines;

  /** `src` is the text without a byte order mark, as parseRunbook sees it. */
  constructor(private readonly src: string) {
    this.lines = splitLines(src);
  }

  text(line: number): string {
    const i = line - 1;
    if (i < 0 || i >= this.lines.count) return '';
    return this.src.slice(this.lines.starts[i], this.lines.ends[i]);
  }
}

/** Offsets in one cell body -> file positions. */
export class CellPositions {
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly body: string,
    /** 1-based file line of the opening fence. */
    private readonly fenceLine: number,
    private readonly file: FileLines,
  ) {
    for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** The position of body offset `offset` (clamped to the body). */
  at(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.body.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return this.lineColumn(lo + 1, o - this.lineStarts[lo] + 1);
  }

  /** The position of 1-based `line`, `column` of the body. */
  lineColumn(line: number, column: number): Position {
    const l = Math.max(1, Math.min(line, this.lineStarts.length));
    const start = this.lineStarts[l - 1];
    const end = l < this.lineStarts.length ? this.lineStarts[l] - 1 : this.body.length;
    const bodyLine = this.body.slice(start, end);
    const fileLine = this.fenceLine + l;
    const fileText = this.file.text(fileLine);
    // The body line is the end of the file line; what comes before it is the container's indentation.
    const indent = fileText.endsWith(bodyLine) ? fileText.length - bodyLine.length : 0;
    return { line: fileLine, column: indent + Math.max(1, column) };
  }

  /** The first line of the body that is not blank or a comment (where a one-line command starts). */
  firstContentLine(commentPrefixes: readonly string[] = ['#']): Position {
    for (let l = 0; l < this.lineStarts.length; l++) {
      const start = this.lineStarts[l];
      const end = l + 1 < this.lineStarts.length ? this.lineStarts[l + 1] - 1 : this.body.length;
      const text = this.body.slice(start, end);
      const trimmed = text.trimStart();
      if (trimmed === '' || commentPrefixes.some((p) => trimmed.startsWith(p))) continue;
      return this.lineColumn(l + 1, text.length - trimmed.length + 1);
    }
    return { line: this.fenceLine, column: 1 };
  }
}
