/**
 * BullMQ queues of the follow-up context. PERSISTED: a queue name is part of every Redis key of
 * its queue, and job names are stored with each job; never rename them.
 */
export enum FollowUpQueue {
  Stages = 'follow-up-stages',
  Deliveries = 'follow-up-deliveries',
}

/** Job names. PERSISTED with each job: never rename. */
export enum FollowUpJobName {
  /** Decide one reminder stage against the truth and record its message. */
  FireStage = 'fire-stage',
  /** Deliver one planned delivery (e-mail or webhook) of a recorded message. */
  Deliver = 'deliver',
  /** Record and deliver an agency's daily digest. */
  SendDigest = 'send-digest',
}

/** Payloads carry ids; the processors reload the truth. `planId`/`leadAgency` only help read it in one round trip. */
export interface FireStageJobData {
  taskId: string;
  planId: string;
  periodId: string;
  stageKey: string;
  dueAt: string;
  fireAt: string;
  /** The lead agency when the job was queued (absent on older jobs): its contacts are read with the task. */
  leadAgency?: string;
}

export interface DeliverJobData {
  streamId: string;
  messageId: string;
  deliveryId: string;
}

export interface SendDigestJobData {
  agency: string;
  digestDate: string;
}

export type FollowUpJob =
  | { name: FollowUpJobName.FireStage; data: FireStageJobData }
  | { name: FollowUpJobName.Deliver; data: DeliverJobData }
  | { name: FollowUpJobName.SendDigest; data: SendDigestJobData };

export enum FollowUpJobOutcome {
  Completed = 'completed',
  Skipped = 'skipped',
}

/** @nestjs/bullmq configuration key of the follow-up queues. */
export const FOLLOW_UP_BULL_CONFIG = 'follow-up';
