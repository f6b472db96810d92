import { TestApp } from './support/test-app.js';

describe('health and docs', () => {
  it('is live and ready with PostgreSQL and Redis up, and serves the OpenAPI document', async () => {
    const app = await TestApp.start();
    try {
      expect((await app.http().get('/api/v1/health/live')).body).toEqual({ status: 'ok' });
      const ready = await app.http().get('/api/v1/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ok', checks: { database: { status: 'up' }, redis: { status: 'up' } } });
      const docs = await app.http().get('/docs/openapi.json');
      expect(docs.status).toBe(200);
      expect(Object.keys(docs.body.paths)).toEqual(
        expect.arrayContaining(['/api/v1/tickets', '/api/v1/tickets/{id}/transitions', '/api/v1/auth/login', '/api/v1/districts']),
      );
      // The channels' POSTs are served ahead of Nest and documented by hand; the handshake by its controller.
      expect(docs.body.paths['/webhooks/facebook']).toEqual(expect.objectContaining({ get: expect.any(Object), post: expect.any(Object) }));
      expect(Object.keys(docs.body.paths['/webhooks/vk'])).toEqual(['post']);
    } finally {
      await app.close();
    }
  });

  it('answers 503 naming Redis when Redis cannot be reached', async () => {
    // Nothing listens on port 1: the connection is refused, as when Redis is down.
    const app = await TestApp.start({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const ready = await app.http().get('/api/v1/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'unavailable', checks: { database: { status: 'up' }, redis: { status: 'down' } } });
      // The cause (an internal address and port) goes to the log, never to the public answer.
      expect(JSON.stringify(ready.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
    } finally {
      await app.close();
    }
  });
});
