/** Postmortems: a Markdown draft from an incident log, a template and measured impact. */
export { buildPostmortem, renderPostmortem, formatDuration, type PostmortemInput, type PostmortemDraft, type ActionItem } from './buildPostmortem';
export { DEFAULT_POSTMORTEM_TEMPLATE, TEMPLATE_OVERRIDE_PATH } from './defaultTemplate';
export { renderTemplate, POSTMORTEM_PLACEHOLDERS, type RenderedTemplate } from './template';
export { timelineRows, timelineMarkdown, describeEvent, formatUtc, type TimelineRow } from './timeline';
export { impactQueries, impactFromResults, impactScopeLabels, secondsToPromDuration, IMPACT_SCOPE_LABELS, type Impact, type ImpactQueries, type ImpactResults, type ImpactReading, type ImpactQueryOutcome } from './impact';
export { queryImpact, type ImpactWindow } from './queryImpact';
export { slugify, MAX_SLUG_LENGTH } from './slug';
export { postmortemPath, writeNewPostmortem, dateStamp, DEFAULT_POSTMORTEM_FOLDER } from './postmortemPath';
export { loadPostmortemTemplate, type LoadedTemplate } from './loadTemplate';
