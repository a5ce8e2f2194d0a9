/**
 * PromQL syntax checks before a query is sent, and the metric names a query reads.
 * Uses Prometheus' own lezer grammar (@prometheus-io/lezer-promql): error nodes become messages with offsets.
 */
import { parser } from '@prometheus-io/lezer-promql';

export interface PromqlProblem {
  message: string;
  /** Offset of the first character concerned (0-based, UTF-16 code units). */
  from: number;
  /** Offset just past the last character concerned (== from for a missing part). */
  to: number;
}

type Tree = ReturnType<typeof parser.parse>;
type Node = ReturnType<Tree['topNode']['getChild']> & object;

/** Functions whose argument at the given index must be a range vector (`x[5m]` or a subquery). */
const RANGE_ARGUMENT: Record<string, number> = {
  rate: 0, irate: 0, increase: 0, delta: 0, idelta: 0, deriv: 0, changes: 0, resets: 0,
  avg_over_time: 0, min_over_time: 0, max_over_time: 0, sum_over_time: 0, count_over_time: 0,
  stddev_over_time: 0, stdvar_over_time: 0, last_over_time: 0, first_over_time: 0, present_over_time: 0,
  absent_over_time: 0, mad_over_time: 0, quantile_over_time: 1, predict_linear: 0, holt_winters: 0,
  double_exponential_smoothing: 0,
};

/** Syntax problems of a PromQL expression; an empty list means it parses. */
export function checkPromql(expr: string): PromqlProblem[] {
  if (expr.trim() === '' || stripComments(expr).trim() === '') {
    return [{ message: 'The query is empty.', from: 0, to: expr.length }];
  }
  const brackets = checkBrackets(expr);
  if (brackets.length) return brackets;

  const tree = parser.parse(expr);
  const problems: PromqlProblem[] = [];
  let clusterEnd = -2;
  tree.iterate({
    enter: (n) => {
      if (!n.type.isError) return;
      if (n.from <= clusterEnd + 1) {
        // lezer recovers token by token: one mistake yields a run of error nodes. Report it once.
        clusterEnd = Math.max(clusterEnd, n.to);
        return;
      }
      clusterEnd = n.to;
      problems.push(describeError(expr, n.node));
    },
  });
  if (problems.length) return problems;
  tree.iterate({
    enter: (n) => {
      if (n.name !== 'FunctionCall') return;
      const problem = checkRangeArgument(expr, n.node);
      if (problem) problems.push(problem);
    },
  });
  return problems;
}

function describeError(expr: string, node: Node): PromqlProblem {
  const rest = expr.slice(node.from);
  const skipped = rest.length - rest.trimStart().length;
  const at = node.from + skipped;
  if (at >= expr.trimEnd().length) {
    return { message: 'The query ends too early: an operand, argument or closing part is missing.', from: expr.trimEnd().length, to: expr.trimEnd().length };
  }
  const prev = node.prevSibling;
  if (prev && (prev.name === 'VectorSelector' || prev.name === 'Identifier') && expr[at] === '(') {
    const name = expr.slice(prev.from, prev.to);
    return { message: `Unknown function "${name}".`, from: prev.from, to: prev.to };
  }
  const token = /^[A-Za-z_:][\w:]*|^\d[\w.]*|^\S/.exec(expr.slice(at))?.[0] ?? expr[at];
  return { message: `Unexpected "${token}" at offset ${at}.`, from: at, to: at + token.length };
}

function checkRangeArgument(expr: string, call: Node): PromqlProblem | null {
  const ident = call.getChild('FunctionIdentifier');
  const body = call.getChild('FunctionCallBody');
  if (!ident || !body) return null;
  const fn = expr.slice(ident.from, ident.to);
  const index = RANGE_ARGUMENT[fn];
  if (index === undefined) return null;
  const args: Node[] = [];
  for (let c = body.firstChild; c; c = c.nextSibling) args.push(c);
  const arg = args[index];
  if (!arg) return null;
  let inner: Node | null = arg;
  while (inner && inner.name === 'ParenExpr') inner = inner.firstChild;
  if (inner && (inner.name === 'MatrixSelector' || inner.name === 'SubqueryExpr')) return null;
  return {
    message: `${fn}() needs a range vector as argument ${index + 1}: add a range such as [5m] (for example ${fn}(${expr.slice(arg.from, arg.to)}[5m])).`,
    from: arg.from,
    to: arg.to,
  };
}

/** Unbalanced (), {}, [] and unterminated strings, found before the grammar's less precise recovery. */
function checkBrackets(expr: string): PromqlProblem[] {
  const pairs: Record<string, string> = { '(': ')', '{': '}', '[': ']' };
  const stack: Array<{ ch: string; at: number }> = [];
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (ch === '#') {
      while (i < expr.length && expr[i] !== '\n') i++;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      const start = i;
      i++;
      while (i < expr.length && expr[i] !== ch) {
        if (expr[i] === '\\' && ch !== '`') i++;
        i++;
      }
      if (i >= expr.length) return [{ message: `The string starting at offset ${start} is not closed: add ${ch}.`, from: start, to: expr.length }];
      continue;
    }
    if (pairs[ch]) stack.push({ ch, at: i });
    else if (ch === ')' || ch === '}' || ch === ']') {
      const open = stack.pop();
      if (!open) return [{ message: `"${ch}" at offset ${i} closes nothing.`, from: i, to: i + 1 }];
      if (pairs[open.ch] !== ch) {
        return [{ message: `"${ch}" at offset ${i} does not match "${open.ch}" at offset ${open.at}: expected "${pairs[open.ch]}".`, from: i, to: i + 1 }];
      }
    }
  }
  const open = stack.pop();
  if (open) return [{ message: `"${open.ch}" at offset ${open.at} is never closed: add "${pairs[open.ch]}".`, from: open.at, to: open.at + 1 }];
  return [];
}

function stripComments(expr: string): string {
  return expr.replace(/#[^\n]*/g, '');
}

/**
 * The metric names an expression reads, in order of first appearance, without duplicates:
 * `name{...}`, `{__name__="name"}` and `{"name"}`. Regex matchers on __name__ name no single metric and
 * are left out. A query that does not parse yields the names of the parts that do.
 */
export function metricNames(expr: string): string[] {
  const tree = parser.parse(expr);
  const names: string[] = [];
  const add = (n: string) => {
    if (n && !names.includes(n)) names.push(n);
  };
  tree.iterate({
    enter: (n) => {
      if (n.name !== 'VectorSelector') return;
      const ident = n.node.getChild('Identifier');
      if (ident) add(expr.slice(ident.from, ident.to));
      const matchers = n.node.getChild('LabelMatchers');
      if (!matchers) return;
      for (let m = matchers.firstChild; m; m = m.nextSibling) {
        if (m.name === 'QuotedLabelName') {
          const lit = m.getChild('StringLiteral');
          if (lit) add(unquote(expr.slice(lit.from, lit.to)));
        } else if (m.name === 'UnquotedLabelMatcher' || m.name === 'QuotedLabelMatcher') {
          const label = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
          const op = m.getChild('MatchOp');
          const lits = m.getChildren('StringLiteral');
          const value = lits[lits.length - 1];
          if (!label || !op || !value) continue;
          const labelText = label.name === 'QuotedLabelName' ? unquote(expr.slice(label.from, label.to)) : expr.slice(label.from, label.to);
          if (labelText === '__name__' && op.getChild('EqlSingle')) add(unquote(expr.slice(value.from, value.to)));
        }
      }
    },
  });
  return names;
}

/** The value of a PromQL string literal ("..." and '...' with Go escapes, `...` raw). */
export function unquote(literal: string): string {
  const q = literal[0];
  const body = literal.slice(1, -1);
  if (q === '`') return body;
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{3}|.)/g, (_m, e: string) => {
    switch (e[0]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case 'u':
      case 'x': return String.fromCharCode(parseInt(e.slice(1), 16));
      default:
        return /^[0-7]{3}$/.test(e) ? String.fromCharCode(parseInt(e, 8)) : e;
    }
  });
}
