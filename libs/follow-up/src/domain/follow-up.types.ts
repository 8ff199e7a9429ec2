/** A calendar date in Asia/Ho_Chi_Minh, `YYYY-MM-DD`. */
export type LocalDate = string;
/** An ISO 8601 instant. */
export type Instant = string;

/** How a message reaches an agency. Persisted in events: never rename. */
export const CHANNELS = ['email', 'webhook', 'inbox'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Who a stage addresses. `agency`: the lead agency (chủ trì); `agency_head`: its head (thủ
 * trưởng); `monitoring`: the plan's monitoring agency (cơ quan theo dõi); `committee`: the
 * steering committee (Ban Chỉ đạo). Persisted in events: never rename.
 */
export const STAGE_RECIPIENTS = ['agency', 'agency_head', 'monitoring', 'committee'] as const;
export type StageRecipient = (typeof STAGE_RECIPIENTS)[number];

export const STAGE_KINDS = ['reminder', 'escalation'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/** A follow-up event as a decider returns it: `schemaVersion` is stored with the event. */
export interface FollowUpEventOf<TType extends string, TData> {
  type: TType;
  schemaVersion: number;
  data: TData;
}
