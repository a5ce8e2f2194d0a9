/** The runbook notebook core: Markdown <-> cells, front matter, fence attributes, parameters. No vscode. */
export * from './types';
export { parseRunbook, markdownParser } from './parse';
export type { ParseOptions } from './parse';
export { serializeRunbook, writeFence } from './serialize';
export { parseFenceInfo, formatFenceInfo, fenceLanguage, isExecutableLanguage, sameAttributes, EXECUTABLE_LANGUAGES } from './fenceInfo';
export type { FenceInfo, FenceInfoStyle } from './fenceInfo';
export { readFrontMatter, parseFrontMatterYaml, FRONT_MATTER_MAX_BYTES, FRONT_MATTER_MAX_ALIASES } from './frontMatter';
export { runbookMeta, PARAMETER_NAME_RE } from './runbookMeta';
export { resolveParameters, substitute, referencedParameters, findReferences } from './parameters';
export type { ResolvedParameters, ParameterSource, SubstitutionResult, SubstituteOptions, Reference } from './parameters';
export { shellWords, shellCommands, quoteShellWord, ShellSyntaxError } from './shellWords';
export type { ShellWordsOptions } from './shellWords';
export { promqlString, escapePromql } from './promqlSubstitution';
export { shellSingleQuote } from './shSubstitution';
export { decodeRunbook, encodeRunbook } from './decode';
