/** The Prometheus core: client, result parsing and rendering shapes, durations, step planning, syntax checks. */
export * from './client';
export * from './duration';
export * from './errors';
export * from './results';
export * from './step';
export * from './syntax';
export * from './values';
