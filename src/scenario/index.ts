/** The assumption-file layer: scenario files and --set in, fully resolved, checked assumptions out. */
export { loadScenario, type AssumptionEntry, type Override, type Scenario } from './load.js';
export { parseSet } from './set.js';
export { specEquals } from './equals.js';
export { scenarioJsonSchema } from './schema.js';
