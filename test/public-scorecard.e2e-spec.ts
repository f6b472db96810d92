import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp } from './support/test-app.js';

type Row = {
  code: string;
  nameKk: string;
  nameRu: string;
  received: number;
  answeredWithinOneWorkingDayShare: number | null;
  firstResponseMedianSeconds: number | null;
  resolvedShare: number | null;
  confirmedByResidentsShare: number | null;
};

describe('the public scorecard', () => {
  let app: TestApp;
  let s: Scenario;
  const secrets: string[] = [];

  beforeAll(async () => {
    app = await TestApp.start();
    s = await buildScenario(app);
    const admin = bearer(s.tokens.admin);
    const people = [
      { name: 'Айгүл Сейітова', phone: '+7 701 555 12 34', text: 'Қорағаты ауылында жер учаскесі мәселесі шешілмеді' },
      { name: 'Сергей Ким', phone: '+7 705 111 22 33', text: 'На улице Абая нет освещения третью неделю' },
      { name: 'Ерлан Тоқтаров', phone: '+7 777 000 99 88', text: 'Мектеп жанындағы жол бұзылған' },
    ];
    const ids: string[] = [];
    for (const [i, p] of people.entries()) {
      const t = await createTicket(app, s, {
        text: p.text,
        author: { name: p.name, phone: p.phone },
        ...(i === 2 ? { districtId: s.districts.merki.id } : {}),
      });
      ids.push(t.id);
      secrets.push(p.name, p.phone, p.text, t.id, String(t.reference));
    }
    // Zhualy gets one through its own press secretary.
    const z = await app
      .http()
      .post('/api/v1/tickets')
      .set(bearer(s.tokens.pressZhualy))
      .send({ text: 'Жуалыда су жоқ', districtId: s.districts.zhualy.id, author: { name: 'Мадина Әлі', phone: '+7 702 333 44 55' } })
      .expect(201);
    secrets.push('Мадина Әлі', '+7 702 333 44 55', 'Жуалыда су жоқ', z.body.id, z.body.reference);
    // The first Merki ticket is answered, resolved and confirmed on the phone; the second answered only.
    for (const id of ids.slice(0, 2)) {
      await app
        .http()
        .post(`/api/v1/tickets/${id}/replies`)
        .set(admin)
        .send({ body: 'Жауап: жұмыс жүріп жатыр, Нұрлан Бекұлы', visibility: 'public' })
        .expect(201);
    }
    await app.http().post(`/api/v1/tickets/${ids[0]}/assign`).set(admin).send({ assigneeId: s.users.staffLand1.id }).expect(200);
    await app.http().post(`/api/v1/tickets/${ids[0]}/transitions`).set(admin).send({ to: 'resolved' }).expect(200);
    await app
      .http()
      .post(`/api/v1/tickets/${ids[0]}/resident-confirmation`)
      .set(bearer(s.tokens.pressMerki))
      .send({ verdict: 'confirmed', note: 'Айгүл апаймен сөйлестім' })
      .expect(200);
    secrets.push('Нұрлан Бекұлы', 'Айгүл апай');
    for (const u of Object.values(s.users)) secrets.push(u.id, u.email, u.fullName);
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers without a token, per district akimat, with nothing personal in it', async () => {
    const res = await app.http().get('/public/scorecard').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const rows = res.body.districts as Row[];
    expect(rows.map((r) => r.code).sort()).toEqual(['merki', 'zhualy']);
    expect(rows.find((r) => r.code === 'merki')).toEqual({
      code: 'merki',
      nameKk: 'Меркі ауданы',
      nameRu: 'Меркенский район',
      received: 3,
      answeredWithinOneWorkingDayShare: 0.6667,
      firstResponseMedianSeconds: expect.any(Number),
      resolvedShare: 0.3333,
      confirmedByResidentsShare: 0.3333,
    });
    expect(rows.find((r) => r.code === 'zhualy')).toMatchObject({
      received: 1,
      answeredWithinOneWorkingDayShare: 0,
      firstResponseMedianSeconds: null,
      resolvedShare: 0,
      confirmedByResidentsShare: 0,
    });
    expect(res.body.region).toMatchObject({ received: 4, resolvedShare: 0.25, confirmedByResidentsShare: 0.25 });
    const body = JSON.stringify(res.body);
    for (const secret of secrets) expect(body).not.toContain(secret);
    expect(body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(body).not.toMatch(/\+7|@test\.kz/);
  });

  it('is a page in Kazakh and in Russian, with nothing personal in it either', async () => {
    const kk = await app.http().get('/public/scorecard').set('Accept', 'text/html').expect(200);
    expect(kk.headers['content-type']).toMatch(/text\/html/);
    expect(kk.text).toContain('<html lang="kk">');
    expect(kk.text).toContain('Меркі ауданы');
    expect(kk.text).toContain('Тұрғындар растады');
    const ru = await app.http().get('/public/scorecard?lang=ru&format=html').expect(200);
    expect(ru.text).toContain('<html lang="ru">');
    expect(ru.text).toContain('Меркенский район');
    expect(ru.text).toContain('Подтверждено жителями');
    expect(ru.text).toContain('33.3%');
    for (const page of [kk.text, ru.text]) {
      for (const secret of secrets) expect(page).not.toContain(secret);
      expect(page).not.toMatch(/<script|style=/);
    }
  });

  it('is cached for a while, takes a month, and refuses a malformed one', async () => {
    const a = await app.http().get('/public/scorecard').expect(200);
    const b = await app.http().get('/public/scorecard').expect(200);
    expect(b.body.generatedAt).toBe(a.body.generatedAt);
    const old = await app.http().get('/public/scorecard?month=2025-06').expect(200);
    expect(old.body).toMatchObject({
      month: '2025-06',
      from: '2025-06-01T00:00:00.000+05:00',
      to: '2025-07-01T00:00:00.000+05:00',
      region: { received: 0, resolvedShare: null },
    });
    expect(old.body.districts).toHaveLength(2);
    await app.http().get('/public/scorecard?month=2025-13').expect(400);
    await app.http().get('/public/scorecard?who=me').expect(400);
  });
});
