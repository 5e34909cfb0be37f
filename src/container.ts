import type { Config } from './config.js';
import type { Database } from './db/connect.js';
import { OrganizationsRepository } from './domain/organizations/organizations.repository.js';
import { OrganizationsService } from './domain/organizations/organizations.service.js';
import { UsersRepository } from './domain/users/users.repository.js';
import { UsersService } from './domain/users/users.service.js';
import { WorkspacesRepository } from './domain/workspaces/workspaces.repository.js';
import { WorkspacesService } from './domain/workspaces/workspaces.service.js';

/** Composition root: database → repositories → services, with explicit arguments. */
export function buildServices(database: Database, config: Config) {
  const { db } = database;
  const usersRepo = new UsersRepository(db);
  const workspacesRepo = new WorkspacesRepository(db);
  const organizationsRepo = new OrganizationsRepository(db);
  const workspaces = new WorkspacesService(db, workspacesRepo);
  return {
    users: new UsersService(db, usersRepo, organizationsRepo, workspacesRepo, {
      signup: config.signup,
      sessionTtlSeconds: config.sessionTtlSeconds,
    }),
    workspaces,
    organizations: new OrganizationsService(db, organizationsRepo, workspacesRepo, workspaces),
  };
}

export type Services = ReturnType<typeof buildServices>;
