/**
 * Status classes at query time, in SQL, from the stored time-free facts and `now` (a parameter
 * from the injected clock). They follow `statusClass` of @dondoc/calendar: cancelled first; done
 * on time when met strictly before the deadline, late otherwise; overdue from the deadline on;
 * due soon from `due_soon_at` (00:00 of the 3rd working day before the due day, stored by the
 * projection); not due before that. `now` is the SQL expression of the parameter.
 */

/** One obligation (alias `o`). A report recorded after `now` does not count yet (time travel). */
export function obligationStatusSql(now: string): string {
  return `CASE
    WHEN o.state = 'cancelled' THEN 'cancelled'
    WHEN o.state = 'satisfied' AND o.submitted_at <= ${now}
      THEN CASE WHEN o.submitted_at < o.due_at THEN 'done_on_time' ELSE 'done_late' END
    WHEN ${now} >= o.due_at THEN 'overdue'
    WHEN ${now} >= o.due_soon_at THEN 'due_soon'
    ELSE 'not_due' END`;
}

/** An obligation that was due by `now` and has no report standing at `now`. */
export function obligationOverdueSql(now: string): string {
  return `(o.state <> 'cancelled' AND o.due_at <= ${now} AND NOT (o.state = 'satisfied' AND o.submitted_at <= ${now}))`;
}

/**
 * A task (alias `t`): cancelled or completed when it was so by `now`; else overdue while its
 * earliest open obligation is past its deadline, due soon while it is near; else as its most
 * recently met obligation (done on time or late) until the next one comes near; not due when
 * nothing has been met or is near yet.
 */
export function taskStatusSql(now: string): string {
  return `CASE
    WHEN t.lifecycle = 'cancelled' AND t.cancelled_at <= ${now} THEN 'cancelled'
    WHEN t.lifecycle = 'completed' AND t.completed_at <= ${now}
      THEN CASE WHEN t.completed_late THEN 'done_late' ELSE 'done_on_time' END
    WHEN t.open_due_at IS NOT NULL AND ${now} >= t.open_due_at THEN 'overdue'
    WHEN t.open_due_soon_at IS NOT NULL AND ${now} >= t.open_due_soon_at THEN 'due_soon'
    WHEN t.last_satisfied_at IS NOT NULL AND t.last_satisfied_at <= ${now}
      THEN CASE WHEN t.last_satisfied_late THEN 'done_late' ELSE 'done_on_time' END
    ELSE 'not_due' END`;
}
