/**
 * A port of Go's text/tabwriter (left-aligned, space padding), which kubectl prints its tables and describe output
 * through. Cells are tab-terminated; the text after a line's last tab is not a cell and is never padded. A column
 * block is a run of consecutive lines that have a cell in that column, and its width is the widest cell plus the
 * padding (at least minWidth).
 */
export interface TabwriterOptions {
  minWidth: number;
  padding: number;
}

/** kubectl get's tables: printers.GetNewTabWriter (minwidth 6, padding 3). */
export const TABLE_TABWRITER: TabwriterOptions = { minWidth: 6, padding: 3 };
/** kubectl describe and rollout history: tabwriter.NewWriter(out, 0, 8, 2, ' ', 0). */
export const DESCRIBE_TABWRITER: TabwriterOptions = { minWidth: 0, padding: 2 };

/** Aligns `text` (lines of tab-separated cells). */
export function tabwrite(text: string, options: TabwriterOptions): string {
  const endsWithNewline = text.endsWith('\n');
  const rawLines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
  const lines = rawLines.map((l) => l.split('\t'));
  const widths: number[] = [];
  const out: string[] = [];

  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i];
      let s = '';
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j];
        if (j < widths.length && j < cells.length - 1) s += c + ' '.repeat(Math.max(0, widths[j] - width(c)));
        else s += c;
      }
      out.push(s);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let row = line0; row < line1; row++) {
      if (column >= lines[row].length - 1) continue;
      // This line has a cell in this column: print the lines before it, then the block of lines that have one.
      writeLines(line0, row);
      line0 = row;
      let w = options.minWidth;
      for (; row < line1; row++) {
        const cells = lines[row];
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column]) + options.padding);
      }
      widths.push(w);
      format(line0, row);
      widths.pop();
      line0 = row;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}

/** Width in runes, as tabwriter counts (UTF-8 characters, not bytes). */
function width(s: string): number {
  return [...s].length;
}
