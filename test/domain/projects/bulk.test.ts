import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';

// The all-or-none bulk operations other skins (v8) build on: nothing changes unless every item can.
let t: TestApp;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  t = await buildTestApp();
  owner = await createUser(t);
  member = await createUser(t);
  stranger = await createUser(t);
  await addMember(t, owner.workspaceId, member.user.id, { admin: false });
});
afterAll(async () => t.close());

let n = 0;
const project = (body: Record<string, unknown> = {}) => t.services.projects.create(owner.user, owner.workspaceId, { name: `P${++n}`, is_private: false, ...body });

async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return (err as DomainError).message;
}

describe('ProjectsService bulk', () => {
  it('removeMany deletes all or none', async () => {
    const a = await project();
    const b = await project();
    const foreign = await t.services.projects.create(stranger.user, stranger.workspaceId, { name: 'F' });
    expect(await refusal(t.services.projects.removeMany(owner.user, owner.workspaceId, [a.id, foreign.id]))).toBe('Project not found/accessible');
    expect(await refusal(t.services.projects.removeMany(member.user, owner.workspaceId, [a.id]))).toBe('User does not have access to this resource.');
    expect((await t.services.projects.get(owner.user, owner.workspaceId, a.id)).status).toBe('active');
    await t.services.projects.removeMany(owner.user, owner.workspaceId, [a.id, b.id]);
    const left = await t.services.projects.listAll(owner.user, owner.workspaceId, { active: 'both' });
    expect(left.map((p) => p.id)).not.toContain(a.id);
    expect(left.map((p) => p.id)).not.toContain(b.id);
    expect((await t.services.projects.get(stranger.user, stranger.workspaceId, foreign.id)).id).toBe(foreign.id);
  });

  it('listAll filters by client ids and activity', async () => {
    const client = await t.database.db
      .insertInto('clients')
      .values({ workspace_id: owner.workspaceId, name: 'C', name_key: 'c', created_at: Date.now(), at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const a = await project({ client_id: client.id });
    const b = await project({ client_id: client.id, active: false });
    expect((await t.services.projects.listAll(owner.user, owner.workspaceId, { client_ids: String(client.id) })).map((p) => p.id)).toEqual([a.id]);
    expect((await t.services.projects.listAll(owner.user, owner.workspaceId, { client_ids: String(client.id), active: 'false' })).map((p) => p.id)).toEqual([b.id]);
  });
});

describe('ProjectUsersService bulk', () => {
  it('createMany adds everyone or nobody', async () => {
    const p = await project();
    const third = await createUser(t);
    await addMember(t, owner.workspaceId, third.user.id, { admin: false });
    expect(await refusal(t.services.projectUsers.createMany(owner.user, owner.workspaceId, { project_id: p.id, user_ids: [member.user.id, stranger.user.id] }))).toBe('Invalid user_id');
    await t.services.projectUsers.createMany(owner.user, owner.workspaceId, { project_id: p.id, user_ids: [member.user.id] });
    // The second insert collides: the first of the batch must be rolled back too.
    expect(await refusal(t.services.projectUsers.createMany(owner.user, owner.workspaceId, { project_id: p.id, user_ids: [third.user.id, member.user.id] }))).toBe(
      'Project user already exists',
    );
    const list = await t.services.projectUsers.list(owner.user, owner.workspaceId, { project_ids: String(p.id) });
    expect(list.map((pu) => pu.user_id)).toEqual([member.user.id]);
    const created = await t.services.projectUsers.createMany(owner.user, owner.workspaceId, { project_id: p.id, user_ids: [third.user.id], manager: true });
    expect(created).toEqual([expect.objectContaining({ user_id: third.user.id, manager: true })]);
  });

  it('updateMany and removeMany change all or none', async () => {
    const p = await project();
    const [a] = await t.services.projectUsers.createMany(owner.user, owner.workspaceId, { project_id: p.id, user_ids: [member.user.id] });
    expect(await refusal(t.services.projectUsers.updateMany(owner.user, owner.workspaceId, [a!.id, 999999], { manager: true }))).toBe('Project user not found/accessible');
    expect((await t.services.projectUsers.list(owner.user, owner.workspaceId, { project_ids: String(p.id) }))[0]!.manager).toBe(false);
    expect(await t.services.projectUsers.updateMany(owner.user, owner.workspaceId, [a!.id], { manager: true, rate: 3 })).toEqual([
      expect.objectContaining({ id: a!.id, manager: true, rate: 3 }),
    ]);
    expect(await refusal(t.services.projectUsers.removeMany(owner.user, owner.workspaceId, [a!.id, 999999]))).toBe('Project user not found/accessible');
    await t.services.projectUsers.removeMany(owner.user, owner.workspaceId, [a!.id]);
    expect(await t.services.projectUsers.list(owner.user, owner.workspaceId, { project_ids: String(p.id) })).toEqual([]);
  });
});

describe('TasksService bulk', () => {
  it('updateMany renames all or none, and removeMany deletes all or none', async () => {
    const p = await project();
    const a = await t.services.tasks.create(owner.user, owner.workspaceId, p.id, { name: 'a' });
    const b = await t.services.tasks.create(owner.user, owner.workspaceId, p.id, { name: 'b' });
    // Both would take the same name: the second fails, so the first is not renamed either.
    expect(
      await refusal(
        t.services.tasks.updateMany(owner.user, owner.workspaceId, [
          { projectId: p.id, taskId: a.id },
          { projectId: p.id, taskId: b.id },
        ], { name: 'same' }),
      ),
    ).toBe('Name has already been taken');
    expect((await t.services.tasks.listAll(owner.user, owner.workspaceId, {})).filter((x) => x.project_id === p.id).map((x) => x.name)).toEqual(['a', 'b']);
    const done = await t.services.tasks.updateMany(owner.user, owner.workspaceId, [{ projectId: p.id, taskId: a.id }, { projectId: p.id, taskId: b.id }], { active: false });
    expect(done.map((x) => x.active)).toEqual([false, false]);
    expect((await t.services.tasks.listAll(owner.user, owner.workspaceId, { active: 'false' })).map((x) => x.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await refusal(t.services.tasks.removeMany(owner.user, owner.workspaceId, [{ projectId: p.id, taskId: a.id }, { projectId: p.id, taskId: 999999 }]))).toBe(
      'Task not found in workspace',
    );
    await t.services.tasks.removeMany(owner.user, owner.workspaceId, [{ projectId: p.id, taskId: a.id }, { projectId: p.id, taskId: b.id }]);
    expect((await t.services.tasks.listAll(owner.user, owner.workspaceId, { active: 'both' })).filter((x) => x.project_id === p.id)).toEqual([]);
  });
});
