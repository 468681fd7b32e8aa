export {
  ClusterJob,
  InstanceJob,
  Jobs,
  JOBS_SETTINGS,
  JobsSettings,
  QueuedTask,
  Queryable,
} from './jobs';
