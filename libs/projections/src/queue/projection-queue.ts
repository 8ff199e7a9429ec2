import { RedisOptions } from 'ioredis';

/**
 * BullMQ queue names of the projections. PERSISTED: a name is part of every Redis key of its
 * queue and of every job record; renaming one orphans the jobs waiting under the old name.
 */
export enum QueueName {
  Projections = 'projections',
}

/** Job names of the `projections` queue. PERSISTED with each job: never rename. */
export enum ProjectionJobName {
  /** Apply the events appended since the projection's checkpoint. */
  Project = 'project',
}

/** Payloads carry names only; the worker reads the truth (checkpoint, events) itself. */
export interface ProjectJobData {
  projection: string;
}

export type ProjectionJob = { name: ProjectionJobName.Project; data: ProjectJobData };

export enum JobOutcome {
  Completed = 'completed',
  Skipped = 'skipped',
}

/** The @nestjs/bullmq configuration key of the projections queue (kept apart from other queues' settings). */
export const PROJECTIONS_BULL_CONFIG = 'projections';

/** Deduplication id of a projection's job: many wake-ups while one waits collapse into it. */
export const projectJobId = (projection: string): string => `project:${projection}`;

/** ioredis options for BullMQ from a `redis://` URL (workers block, so no retry limit per request). */
export function bullConnection(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: db ? Number(db) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
  };
}
