/**
 * The postmortem template used when a repository has no `.oncall/postmortem-template.md` of its own.
 * Placeholders are `{{name}}`; the set is fixed and documented in template.ts (POSTMORTEM_PLACEHOLDERS).
 */

export const TEMPLATE_OVERRIDE_PATH = '.oncall/postmortem-template.md';

export const DEFAULT_POSTMORTEM_TEMPLATE = `# Postmortem: {{title}}

<!-- Drafted by On-Call from the incident log {{incidentId}} on {{generatedAt}}.
     Every "TODO:" needs a person; numbers shown here were measured, none were guessed. -->

## Incident Summary

- **Severity**: {{severity}}
- **Duration**: {{period}}
- **Detection**: {{detection}}
- **Impact**: {{impact}}

### Alerts

{{alerts}}

## Timeline

| Time (UTC) | Event |
|------------|-------|
{{timeline}}

## Root Cause

{{rootCause}}

## Action Items

| Action | Owner | Due Date | Status |
|--------|-------|----------|--------|
{{actionItems}}
`;
