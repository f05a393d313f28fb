/**
 * The README's code blocks as the doctest (test/integration/readme-doctest.test.ts) reads them.
 *
 * Every fenced block must be preceded by a marker comment that says what it is:
 *
 * - `<!-- doctest: run -->`: a `console` block of `$ command` lines, each followed by the output it
 *   prints (standard output and standard error together). The commands run in order in one shell,
 *   against the demo. A command without output lines must succeed and print something that is
 *   not an API error.
 * - `<!-- doctest: synopsis -->`: usage lines (`npx driveshare-graph <command> [--option …]`);
 *   every option a line names must be one the command's `--help` lists.
 * - `<!-- doctest: skip (reason) -->`: not runnable here; the reason is required.
 *
 * Expected output matches actual output line by line, where (the wildcard convention)
 * - a line that is only `…` matches any number of lines, none included;
 * - `…` inside a line matches any text;
 * - every number (digits, with `,` and `.` between them) matches any number;
 * - trailing spaces are ignored.
 */

export type BlockKind = { kind: 'run' } | { kind: 'synopsis' } | { kind: 'skip'; reason: string };

export interface ReadmeBlock {
  /** 1-based line of the opening fence, for messages. */
  line: number;
  language: string;
  body: string[];
  /** null: the block has no marker, which the doctest refuses. */
  marker: BlockKind | null;
}

const FENCE = /^```(\S*)\s*$/;
const MARKER = /^<!--\s*doctest:\s*(run|synopsis|skip(?:\s*\((.+)\))?)\s*-->$/;

function markerOf(line: string | undefined): BlockKind | null {
  const match = line === undefined ? null : MARKER.exec(line.trim());
  if (match === null) return null;
  if (match[1] === 'run') return { kind: 'run' };
  if (match[1] === 'synopsis') return { kind: 'synopsis' };
  const reason = match[2]?.trim() ?? '';
  return reason === '' ? null : { kind: 'skip', reason };
}

/** Every fenced block of a Markdown text, with the marker on the last non-blank line before it. */
export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index]!);
    if (open === null) continue;
    let before = index - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const start = index;
    const body: string[] = [];
    for (index++; index < lines.length && lines[index]!.trim() !== '```'; index++) body.push(lines[index]!);
    blocks.push({ line: start + 1, language: open[1] ?? '', body, marker: markerOf(lines[before]) });
  }
  return blocks;
}

export interface ConsoleStep {
  command: string;
  expected: string[];
}

/** A console block's `$ command` lines, each with the output lines shown under it. */
export function consoleSteps(body: readonly string[]): ConsoleStep[] {
  const steps: ConsoleStep[] = [];
  for (const line of body) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), expected: [] });
    else if (steps.length > 0) steps.at(-1)!.expected.push(line);
    else throw new Error(`output before the first $ command: ${line}`);
  }
  return steps;
}

const ANY_LINES = '…';
const NUMBER = /\d(?:[\d,.]*\d)?/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One expected line as a pattern: `…` is any text, a number any number. */
function linePattern(expected: string): RegExp {
  const parts = expected.trimEnd().split('…').map((part) => {
    let pattern = '';
    let last = 0;
    for (const match of part.matchAll(NUMBER)) {
      pattern += `${escapeRegExp(part.slice(last, match.index))}\\d(?:[\\d,.]*\\d)?`;
      last = match.index + match[0].length;
    }
    return pattern + escapeRegExp(part.slice(last));
  });
  return new RegExp(`^${parts.join('.*')}$`);
}

/** Null when the actual lines match the expected ones (see the convention above), else what differs. */
export function outputMismatch(expected: readonly string[], actual: readonly string[]): string | null {
  const patterns = expected.map((line) => (line.trim() === ANY_LINES ? null : linePattern(line)));
  // matches(i, j): the expected lines from i on match the actual lines from j on.
  const memo = new Map<string, boolean>();
  const matches = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === patterns.length) result = j === actual.length;
    else if (patterns[i] === null) result = matches(i + 1, j) || (j < actual.length && matches(i, j + 1));
    else result = j < actual.length && patterns[i]!.test(actual[j]!.trimEnd()) && matches(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  if (matches(0, 0)) return null;
  return `expected:\n${expected.join('\n')}\nactual:\n${actual.join('\n')}`;
}
