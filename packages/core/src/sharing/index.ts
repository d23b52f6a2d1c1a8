/** Jobs sharing a cluster: placement policies, job specs and the shared run. */

export { JOB_OPS, type Job, type JobInput, type JobOp, jobSchema, MAX_JOBS, parseJobText, parseJobTexts, resolveJobs } from './jobs.js';
export { type PlacementPolicy, type PlacementRequest, placeJobs, placementPolicies } from './placement.js';
export { type SharedJob, type ShareOptions, type ShareReport, shareCluster } from './share.js';
