/**
 * Requests asked for in the same turn, answered together: when the first one arrives, `schedule`
 * arranges a flush, which hands `send` every request asked for until then and gives each its
 * answer (`send` answers them in order). Any failure — thrown, rejected, or in the answering —
 * fails every request of that flush: one left pending would hold its caller for ever.
 *
 * The projections' loads (one UNION ALL per batch) and the follow-up jobs' stream reads (one query
 * for the jobs running side by side) both use it: each round trip costs far more than its rows.
 */
export class BatchedRequests<Request, Answer> {
  private pending: Array<{ request: Request; resolve: (answer: Answer) => void; reject: (error: unknown) => void }> = [];

  constructor(
    private readonly send: (requests: Request[]) => Promise<Answer[]>,
    private readonly schedule: (flush: () => void) => void,
  ) {}

  ask(request: Request): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      if (this.pending.length === 1) this.schedule(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    const fail = (error: unknown) => batch.forEach((asked) => asked.reject(error));
    let answered: Promise<Answer[]>;
    try {
      answered = this.send(batch.map((asked) => asked.request));
    } catch (error) {
      fail(error);
      return;
    }
    answered.then((answers) => batch.forEach((asked, i) => asked.resolve(answers[i]))).catch(fail);
  }
}
