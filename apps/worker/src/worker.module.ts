import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { QueuesModule } from '@app/queues';
import { TicketsModule } from '@app/tickets';
import { AssignmentProcessor } from './assignment/assignment.processor.js';

@Module({})
export class WorkerModule {
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(overrides), DatabaseModule, QueuesModule, TicketsModule],
      providers: [AssignmentProcessor],
    };
  }
}
