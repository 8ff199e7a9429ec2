import { Decider, DomainEvent, fold } from './decider';

/**
 * given(events).when(command).then(events) for decider unit tests:
 *
 *   spec(taskDecider).given([taskAssigned]).when(submitReport).then([reportSubmitted]);
 *   spec(taskDecider).given([taskCancelled]).when(submitReport).thenThrows('TASK_CANCELLED');
 */
export function spec<TCommand, TState, TEvent extends DomainEvent>(decider: Decider<TCommand, TState, TEvent>) {
  return {
    given(events: TEvent[]) {
      return {
        when(command: TCommand) {
          const run = () => decider.decide(command, fold(decider, events));
          return {
            then(expected: TEvent[]): void {
              expect(run()).toEqual(expected);
            },
            thenThrows(code: string): void {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toMatchObject({ code });
            },
            /** The events, for assertions that need more than equality. */
            events(): TEvent[] {
              return run();
            },
          };
        },
      };
    },
  };
}
