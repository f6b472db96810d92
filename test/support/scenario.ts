import type { DataSource } from 'typeorm';
import { CategoryEntity, DepartmentEntity, DistrictEntity, UserEntity } from '../../libs/database/src/index.js';
import { hashPassword, type Role } from '../../libs/domain/src/index.js';
import type { TestApp } from './test-app.js';

export const PASSWORD = 'correct-horse-battery';

export interface Scenario {
  districts: { merki: DistrictEntity; zhualy: DistrictEntity };
  departments: { land: DepartmentEntity; roads: DepartmentEntity };
  users: Record<'admin' | 'governor' | 'pressMerki' | 'pressZhualy' | 'headLand' | 'staffLand1' | 'staffLand2' | 'headRoads' | 'staffRoads', UserEntity>;
  tokens: Record<keyof Scenario['users'], string>;
}

/** Two districts, two departments with categories, and a user of every role, all logged in. */
export async function buildScenario(app: TestApp): Promise<Scenario> {
  const ds: DataSource = app.dataSource;
  const districts = ds.getRepository(DistrictEntity);
  const merki = await districts.save({ code: 'merki', nameKk: 'Меркі ауданы', nameRu: 'Меркенский район' });
  const zhualy = await districts.save({ code: 'zhualy', nameKk: 'Жуалы ауданы', nameRu: 'Жуалынский район' });
  const departments = ds.getRepository(DepartmentEntity);
  const land = await departments.save({ code: 'land', nameKk: 'Жер қатынастары басқармасы', nameRu: 'Управление земельных отношений' });
  const roads = await departments.save({ code: 'roads', nameKk: 'Жолдар басқармасы', nameRu: 'Управление дорог' });
  await ds.getRepository(CategoryEntity).save([
    { code: 'land', nameKk: 'Жер', nameRu: 'Земля', departmentId: land.id, keywords: ['жер', 'участ', 'земел'] },
    { code: 'roads', nameKk: 'Жол', nameRu: 'Дороги', departmentId: roads.id, keywords: ['жол', 'дорог'] },
    { code: 'other', nameKk: 'Басқа', nameRu: 'Другое', departmentId: null, keywords: [] },
  ]);

  const hash = await hashPassword(PASSWORD);
  const repo = ds.getRepository(UserEntity);
  // Saved one by one: created_at orders ties in least-loaded assignment.
  const user = (email: string, role: Role, extra: Partial<UserEntity> = {}) =>
    repo.save({ email, role, fullName: email.split('@')[0]!, passwordHash: hash, districtIds: [], departmentId: null, ...extra });
  const users: Scenario['users'] = {
    admin: await user('admin@test.kz', 'admin'),
    governor: await user('governor@test.kz', 'governor_office'),
    pressMerki: await user('press.merki@test.kz', 'press_secretary', { districtIds: [merki.id] }),
    pressZhualy: await user('press.zhualy@test.kz', 'press_secretary', { districtIds: [zhualy.id] }),
    headLand: await user('head.land@test.kz', 'department_head', { departmentId: land.id }),
    staffLand1: await user('staff1.land@test.kz', 'department_staff', { departmentId: land.id }),
    staffLand2: await user('staff2.land@test.kz', 'department_staff', { departmentId: land.id }),
    headRoads: await user('head.roads@test.kz', 'department_head', { departmentId: roads.id }),
    staffRoads: await user('staff.roads@test.kz', 'department_staff', { departmentId: roads.id }),
  };
  const tokens = {} as Scenario['tokens'];
  for (const [key, u] of Object.entries(users) as Array<[keyof Scenario['users'], UserEntity]>) {
    tokens[key] = await app.login(u.email, PASSWORD);
  }
  return { districts: { merki, zhualy }, departments: { land, roads }, users, tokens };
}

export const bearer = (token: string): { Authorization: string } => ({ Authorization: `Bearer ${token}` });

/** A manual ticket in Merki entered by its press secretary; returns the created ticket JSON. */
export async function createTicket(app: TestApp, s: Scenario, body: Record<string, unknown> = {}) {
  const res = await app
    .http()
    .post('/api/v1/tickets')
    .set(bearer(s.tokens.pressMerki))
    .send({
      text: 'Қорағаты ауылында жер учаскесі мәселесі шешілмеді',
      districtId: s.districts.merki.id,
      author: { name: 'Айгүл Сейітова', phone: '+7 701 555 12 34' },
      ...body,
    });
  if (res.status !== 201) throw new Error(`create ticket failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version: number; status: string; [k: string]: unknown };
}
