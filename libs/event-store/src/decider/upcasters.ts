import { RecordedEvent } from '../event-store';

/** Lifts `data` of one event type from schema version `from` to `from + 1`. */
export type Upcaster = (data: unknown) => unknown;

/**
 * Old events are never rewritten: when a payload's shape changes, its schema version is raised
 * and an upcaster turns stored data into the current shape on read (STYLE.md habit 6).
 */
export class Upcasters {
  private readonly steps = new Map<string, Map<number, Upcaster>>();

  register(type: string, fromVersion: number, upcaster: Upcaster): this {
    const forType = this.steps.get(type) ?? new Map<number, Upcaster>();
    forType.set(fromVersion, upcaster);
    this.steps.set(type, forType);
    return this;
  }

  upcast(event: Pick<RecordedEvent, 'type' | 'schemaVersion' | 'data'>): { type: string; data: unknown; schemaVersion: number } {
    let { data, schemaVersion } = event;
    const forType = this.steps.get(event.type);
    for (let step = forType?.get(schemaVersion); step; step = forType?.get(schemaVersion)) {
      data = step(data);
      schemaVersion++;
    }
    return { type: event.type, data, schemaVersion };
  }
}
