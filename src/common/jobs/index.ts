export { ClusterJob, InstanceJob, Jobs, JOBS_SETTINGS, JobsSettings, QueuedTask } from './jobs';
