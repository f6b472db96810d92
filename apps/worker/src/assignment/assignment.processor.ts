import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { TicketsRepository } from '@app/database';
import { QueueName, QueueProducer, jobIds } from '@app/queues';
import { AssignmentService } from '@app/tickets';
import { QueueProcessor, type TypedJob } from '../common/queue-processor.js';

/** A triaged ticket left unassigned this long is re-enqueued by the sweep (Redis was down, a job was lost). */
const SWEEP_GRACE_MS = 30_000;
const SWEEP_BATCH = 500;

@Injectable()
export class AssignmentProcessor extends QueueProcessor<'assignment'> {
  constructor(
    config: AppConfig,
    private readonly assignment: AssignmentService,
    private readonly tickets: TicketsRepository,
    private readonly queues: QueueProducer,
  ) {
    // Assignments of one department take turns on its lock (least-loaded needs a stable count): more
    // concurrent jobs would only hold pool connections while they wait, starving the other queues.
    super(QueueName.assignment, config, 2);
  }

  protected async process(job: TypedJob<'assignment'>): Promise<unknown> {
    switch (job.name) {
      case 'assignment.auto':
        return this.assignment.autoAssign(job.data.ticketId);
      case 'assignment.batch':
        return this.assignment.autoAssignMany(job.data.ticketIds);
      case 'assignment.sweep':
        return this.sweep();
    }
  }

  private async sweep(): Promise<{ enqueued: number }> {
    const stale = await this.tickets.awaitingAssignment(new Date(Date.now() - SWEEP_GRACE_MS), SWEEP_BATCH);
    for (const t of stale) {
      await this.queues.enqueue(QueueName.assignment, 'assignment.auto', { ticketId: t.id, reason: 'sweep' }, { jobId: jobIds.autoAssign(t.id, t.version) });
    }
    return { enqueued: stale.length };
  }
}
