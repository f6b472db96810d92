import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { LiveEvent } from '@app/domain';
import { QueueProducer } from './queue-producer.js';

/**
 * The Redis pub/sub channel live events travel on, from where a change happens (API or worker) to
 * every API process, which fans them out to its open streams. Named after the queue prefix, so
 * deployments (and test files) sharing a Redis do not hear each other.
 */
export const liveEventsChannel = (queuePrefix: string): string => `${queuePrefix}:live-events`;

/**
 * Announces committed changes to the consoles. Best effort by design: a lost message only delays
 * a screen until its next refresh (the console re-reads its lists on reconnect and polls slowly),
 * so a Redis outage is logged, never thrown into the write that already committed.
 */
@Injectable()
export class LiveEvents {
  private readonly logger = new Logger(LiveEvents.name);

  constructor(
    private readonly producer: QueueProducer,
    private readonly config: AppConfig,
  ) {}

  /** Not awaited: the write it announces has committed and answers at once, even while Redis is slow or down. */
  publish(events: readonly LiveEvent[]): void {
    if (!events.length) return;
    this.producer
      .publish(liveEventsChannel(this.config.QUEUE_PREFIX), JSON.stringify(events))
      .catch((e: Error) => this.logger.warn(`${events.length} live event(s) not published: ${e.message}`));
  }
}
