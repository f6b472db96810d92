import { ERROR_CODES } from '../libs/domain/src/index.js';
import { TestApp } from './support/test-app.js';
import { bearer, buildScenario, createTicket, PASSWORD, type Scenario } from './support/scenario.js';

/** Every error answer carries a stable `code` (docs/errors.md) beside the message it always had. */
describe('error codes', () => {
  let app: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    app = await TestApp.start();
    s = await buildScenario(app);
  });
  afterAll(() => app.close());

  const http = () => app.http();
  const expectCoded = (body: { code?: unknown }) => expect(ERROR_CODES).toContain(body.code);

  it('names each refused field with its constraint, keeping the message list as it was', async () => {
    const res = await http()
      .post('/api/v1/tickets')
      .set(bearer(s.tokens.pressMerki))
      .send({ author: { name: '', nickname: 'x' }, text: 'x'.repeat(10_001), colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'validation.failed' });
    expect(res.body.message).toEqual(
      expect.arrayContaining(['property colour should not exist', 'author.name should not be empty', 'author.property nickname should not exist']),
    );
    expect(res.body.fields).toEqual(
      expect.arrayContaining([
        { field: 'colour', code: 'whitelistValidation', message: 'property colour should not exist' },
        { field: 'author.name', code: 'isNotEmpty', message: 'author.name should not be empty' },
        { field: 'author.nickname', code: 'whitelistValidation', message: 'author.property nickname should not exist' },
        expect.objectContaining({ field: 'text', code: 'maxLength' }),
      ]),
    );
    expect(res.body.fields.map((f: { message: string }) => f.message)).toEqual(res.body.message);
  });

  it('codes the errors of ticket work', async () => {
    const t = await createTicket(app, s);
    const missing = await http().get('/api/v1/tickets/00000000-0000-4000-8000-000000000000').set(bearer(s.tokens.pressMerki));
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'ticket.not_found' });
    // Outside the reader's scope it answers exactly as a missing ticket does.
    const hidden = await http().get(`/api/v1/tickets/${t.id}`).set(bearer(s.tokens.pressZhualy));
    expect(hidden.body).toMatchObject({ statusCode: 404, code: 'ticket.not_found' });
    const move = await http().post(`/api/v1/tickets/${t.id}/transitions`).set(bearer(s.tokens.pressMerki)).send({ to: 'resolved' });
    expect(move.body).toMatchObject({ statusCode: 409, code: 'transition.not_allowed', from: 'new', to: 'resolved' });
    expect(move.body.message).toMatch(/cannot move a ticket from 'new' to 'resolved'/);
    const reject = await http().post(`/api/v1/tickets/${t.id}/transitions`).set(bearer(s.tokens.pressMerki)).send({ to: 'rejected' });
    expect(reject.body).toMatchObject({ statusCode: 422, code: 'ticket.rejection_needs_note' });
    const stale = await http()
      .post(`/api/v1/tickets/${t.id}/triage`)
      .set(bearer(s.tokens.pressMerki))
      .set('If-Match', String(t.version + 5))
      .send({ categoryCode: 'land' });
    expect(stale.body).toMatchObject({ statusCode: 409, code: 'ticket.stale_version', currentVersion: t.version });
    const category = await http().post(`/api/v1/tickets/${t.id}/triage`).set(bearer(s.tokens.pressMerki)).send({ categoryCode: 'weather' });
    expect(category.body).toMatchObject({ statusCode: 422, code: 'category.unknown' });
    const role = await http().post(`/api/v1/tickets/${t.id}/triage`).set(bearer(s.tokens.governor)).send({ categoryCode: 'land' });
    expect(role.body).toMatchObject({ statusCode: 403, code: 'auth.forbidden' });
  });

  it('codes sign-in and token errors', async () => {
    const wrong = await http()
      .post('/api/v1/auth/login')
      .send({ email: s.users.pressMerki.email, password: `${PASSWORD}!` });
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'auth.invalid_credentials' });
    const none = await http().get('/api/v1/tickets');
    expect(none.body).toMatchObject({ statusCode: 401, code: 'auth.unauthorized' });
  });

  it('codes the errors raised before a handler runs', async () => {
    const route = await http().get('/api/v1/no-such-thing').set(bearer(s.tokens.admin));
    expect(route.body).toMatchObject({ statusCode: 404, code: 'resource.not_found' });
    const json = await http().post('/api/v1/tickets').set(bearer(s.tokens.pressMerki)).set('Content-Type', 'application/json').send('{"text": ');
    expect(json.body).toMatchObject({ statusCode: 400, code: 'request.malformed_json' });
    const param = await http().get('/api/v1/tickets?limit=many').set(bearer(s.tokens.admin));
    expect(param.body).toMatchObject({ statusCode: 400, code: 'validation.failed' });
    expect(param.body.fields).toContainEqual({ field: 'limit', code: 'isInt', message: 'limit must be an integer number' });
  });

  it('codes what PostgreSQL refuses', async () => {
    const twice = await http().post('/api/v1/districts').set(bearer(s.tokens.admin)).send({ code: 'merki', nameKk: 'Меркі', nameRu: 'Мерке' });
    expect(twice.body).toMatchObject({ statusCode: 409, code: 'resource.duplicate' });
    expectCoded(twice.body);
  });
});
