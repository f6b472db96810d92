import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { QueueName } from '@app/queues';
import { AssignmentService } from '@app/tickets';
import { QueueProcessor, type TypedJob } from '../common/queue-processor.js';

/** Automatic assignment and its sweep (libs/tickets/src/assignment.service.ts). */
@Injectable()
export class AssignmentProcessor extends QueueProcessor<'assignment'> {
  constructor(
    config: AppConfig,
    private readonly assignment: AssignmentService,
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
        return this.assignment.sweep();
    }
  }
}
