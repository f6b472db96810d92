import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { LiveController } from './live.controller.js';
import { LiveHub } from './live-hub.service.js';

@Module({ imports: [DatabaseModule], controllers: [LiveController], providers: [LiveHub] })
export class LiveModule {}
