/**
 * Splits a command line into words the way a POSIX shell would, without being a shell: single quotes,
 * double quotes, backslash escapes, `#` comments and backslash-newline continuations are understood;
 * anything that would need a shell to mean something (pipes, lists, redirections, subshells, command
 * substitution, variable expansion) is rejected with an error that says where it is. Glob characters
 * and `~` are passed on literally.
 */
import { InputError } from '../common/errors';

export class ShellSyntaxError extends InputError {
  constructor(
    message: string,
    /** 1-based line and column in the text. */
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export interface ShellWordsOptions {
  /** Keep `{{ name }}` references (spaces included) inside one word, verbatim. */
  templates?: boolean;
}

const SHELL_OPERATORS = new Set(['|', ';', '&', '>', '<', '(', ')', '`']);

/** The commands of the text (one per unquoted line break), each as its words. Throws ShellSyntaxError. */
export function shellCommands(text: string, options: ShellWordsOptions = {}): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const n = text.length;

  const where = (at: number) => {
    let line = 1;
    let col = 1;
    for (let k = 0; k < at && k < n; k++) {
      if (text[k] === '\n') {
        line++;
        col = 1;
      } else col++;
    }
    return { line, col };
  };
  const fail = (at: number, message: string): never => {
    const { line, col } = where(at);
    throw new ShellSyntaxError(`line ${line}, column ${col}: ${message}`, line, col);
  };
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  const expansionAt = (at: number): boolean => {
    const next = text[at + 1];
    return next !== undefined && /[({A-Za-z_0-9@*#?!$-]/.test(next);
  };
  const noShell = (at: number, what: string) =>
    fail(at, `${what} would need a shell, and these cells run without one. Quote it ('…') if it is part of an argument, or split the work into separate cells.`);

  while (i < n) {
    const c = text[i];
    if (options.templates && c === '{' && text[i + 1] === '{') {
      const close = text.indexOf('}}', i + 2);
      if (close >= 0 && !/[\r\n]/.test(text.slice(i, close))) {
        word += text.slice(i, close + 2);
        inWord = true;
        i = close + 2;
        continue;
      }
    }
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '\n' || c === '\r') {
      endCommand();
      i++;
    } else if (c === '#' && !inWord) {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) fail(i, 'a backslash at the end has nothing to escape');
      if (next === '\n') i += 2;
      else if (next === '\r') i += text[i + 2] === '\n' ? 3 : 2;
      else {
        word += next;
        inWord = true;
        i += 2;
      }
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) fail(i, 'this single quote is never closed');
      word += text.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '"') {
      inWord = true;
      i++;
      let closed = false;
      while (i < n) {
        const d = text[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\') {
          const next = text[i + 1];
          if (next === '\n') i += 2;
          else if (next !== undefined && '$`"\\'.includes(next)) {
            word += next;
            i += 2;
          } else {
            word += d;
            i++;
          }
          continue;
        }
        if (d === '`') noShell(i, 'a backquote (command substitution)');
        if (d === '$' && expansionAt(i)) noShell(i, `"${text.slice(i, i + 2)}" (an expansion)`);
        word += d;
        i++;
      }
      if (!closed) fail(i - 1, 'a double quote is never closed');
    } else if (SHELL_OPERATORS.has(c)) {
      noShell(i, `an unquoted "${c}"`);
    } else if (c === '$' && expansionAt(i)) {
      noShell(i, `"${text.slice(i, i + 2)}" (an expansion)`);
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  endCommand();
  return commands;
}

/** The words of a single command. Throws ShellSyntaxError, also when the text holds more than one command. */
export function shellWords(text: string, options: ShellWordsOptions = {}): string[] {
  const commands = shellCommands(text, options);
  if (commands.length > 1) {
    throw new ShellSyntaxError(
      `the text holds ${commands.length} commands (one per line); put each in its own cell, or end a line with \\ to continue it`,
      1,
      1,
    );
  }
  return commands[0] ?? [];
}

/** Quotes a word for display so that a POSIX shell would read it back as the same single word. */
export function quoteShellWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
