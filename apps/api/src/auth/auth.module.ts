import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';
import { LoginThrottlerGuard } from './login-throttler.guard.js';
import { UsersAdminController } from './users-admin.controller.js';

@Module({
  imports: [
    DatabaseModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      // HS256 both ways: tokens are signed and accepted with this algorithm only. A key object, made
      // once: given a string, jsonwebtoken first tries it as a public key and fails, on every request.
      useFactory: (c: AppConfig) => ({
        secret: createSecretKey(Buffer.from(c.JWT_SECRET)),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, UsersAdminController],
  providers: [AuthService, LoginThrottle, LoginThrottlerGuard, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
