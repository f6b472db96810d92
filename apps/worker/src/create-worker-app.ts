import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { jsonLogger } from '@app/config';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module.js';

/** The worker is an application context, no HTTP: BullMQ processors only. */
export async function createWorkerApp(overrides: Record<string, string> = {}, logger: LoggerService | false = jsonLogger()): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(overrides), { logger, bufferLogs: logger !== false });
  if (logger) app.useLogger(logger);
  app.enableShutdownHooks();
  await app.init();
  return app;
}
