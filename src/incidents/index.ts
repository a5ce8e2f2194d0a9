/** Incidents: the append-only event log and alert firing history. */
export * from './events';
export * from './incidentLog';
export * from './redact';
export * from './alertHistory';
export * from './fromAlertmanager';
export * from './cellRun';
