#!/usr/bin/env node
import { Command } from 'commander';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/connect.js';
import { migrateToLatest } from './db/migrations/index.js';
import { buildServices } from './container.js';
import { backupSqlite, pgDumpCommand } from './db/backup.js';
import { readNewPassword } from './cli/password-input.js';
import { formatUserList } from './cli/user-table.js';

async function withDatabase<T>(config: Config, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db, database.dialect);
    return await fn(database);
  } finally {
    await database.close();
  }
}

function describeTarget(config: Config): string {
  return config.database.kind === 'sqlite' ? `SQLite ${config.database.file}` : 'PostgreSQL';
}

async function serve(): Promise<void> {
  const config = loadConfig();
  const database = openDatabase(config.database);
  const applied = await migrateToLatest(database.db, database.dialect);
  const { app, services } = await buildApp({ config, database });
  if (applied.length) app.log.info({ migrations: applied }, 'migrations applied');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    try {
      // close() stops accepting connections and waits for in-flight requests to finish. A
      // keep-alive connection whose request finishes during the wait would hold the server
      // open, so idle connections are closed as they appear.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      try {
        await app.close();
        await app.inFlightDone();
      } finally {
        clearInterval(sweep);
      }
      await database.close();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  // Deliveries left pending by a previous run are picked up at once.
  if (config.webhooks.worker) services.webhookDelivery.start();
  app.log.info(`Stint is serving on ${config.host}:${config.port} with ${describeTarget(config)}`);
}

const program = new Command();
program.name('stint').description('Self-hosted time tracking server that speaks Toggl Track APIs');

program
  .command('serve', { isDefault: true })
  .description('run the HTTP server (migrates the database first)')
  .action(serve);

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(async () => {
    const config = loadConfig();
    const applied = await withDatabase(config, async () => []);
    void applied;
    console.log(`Database is up to date (${describeTarget(config)}).`);
  });

const user = program.command('user').description('manage users');
user
  .command('create')
  .description("create a user with their own organization and workspace; prints the user's API token")
  .requiredOption('--email <email>', 'e-mail address (login)')
  .requiredOption('--password <password>', 'password, at least 6 characters')
  .option('--fullname <name>', 'full name')
  .option('--timezone <tz>', 'IANA time zone, e.g. Europe/Tallinn')
  .action(async (opts: { email: string; password: string; fullname?: string; timezone?: string }) => {
    const config = loadConfig();
    await withDatabase(config, async (database) => {
      const services = buildServices(database, config);
      const created = await services.users.createByOperator({
        email: opts.email,
        password: opts.password,
        ...(opts.fullname !== undefined ? { fullname: opts.fullname } : {}),
        ...(opts.timezone !== undefined ? { timezone: opts.timezone } : {}),
      });
      console.log(created.api_token);
    });
  });

user
  .command('list')
  .description('list users: id, e-mail, name, created, last seen (to within minutes), disabled')
  .action(async () => {
    const config = loadConfig();
    await withDatabase(config, async (database) => {
      console.log(formatUserList(await buildServices(database, config).users.listForOperator()));
    });
  });

user
  .command('set-password')
  .description('set a new password, read from standard input (one line) or asked for on a terminal; ends the user\'s sessions')
  .requiredOption('--email <email>', "the user's e-mail address")
  .action(async (opts: { email: string }) => {
    const config = loadConfig();
    await withDatabase(config, async (database) => {
      const users = buildServices(database, config).users;
      // Checked first, so nobody types a password twice for a mistyped address.
      await users.byEmailForOperator(opts.email);
      const password = await readNewPassword(process.stdin, process.stderr);
      const { user: changed, sessionsEnded } = await users.setPasswordByOperator(opts.email, password);
      console.log(`Password of ${changed.email} set; ${plural(sessionsEnded, 'session')} ended.`);
    });
  });

user
  .command('reset-token')
  .description("give the user a new API token (the old one stops working) and print it")
  .requiredOption('--email <email>', "the user's e-mail address")
  .action(async (opts: { email: string }) => {
    const config = loadConfig();
    await withDatabase(config, async (database) => {
      console.log(await buildServices(database, config).users.resetTokenByOperator(opts.email));
    });
  });

user
  .command('disable')
  .description('stop every credential of the user from working at once and end their sessions; their data is kept')
  .requiredOption('--email <email>', "the user's e-mail address")
  .action(async (opts: { email: string }) => {
    const config = loadConfig();
    await withDatabase(config, async (database) => {
      const result = await buildServices(database, config).users.disableByOperator(opts.email);
      console.log(
        result.alreadyDisabled
          ? `${result.user.email} was already disabled.`
          : `${result.user.email} disabled; ${plural(result.sessionsEnded, 'session')} ended.`,
      );
    });
  });

user
  .command('enable')
  .description("let a disabled user's password and API token work again")
  .requiredOption('--email <email>', "the user's e-mail address")
  .action(async (opts: { email: string }) => {
    const config = loadConfig();
    await withDatabase(config, async (database) => {
      const result = await buildServices(database, config).users.enableByOperator(opts.email);
      console.log(result.wasDisabled ? `${result.user.email} enabled.` : `${result.user.email} was not disabled.`);
    });
  });

program
  .command('backup')
  .description('SQLite: write a consistent copy of the database to FILE, safe while the server runs. PostgreSQL: print the pg_dump command to use')
  .argument('<file>', 'where to write the copy')
  .option('--force', 'overwrite FILE if it exists')
  .action(async (file: string, opts: { force?: boolean }) => {
    const config = loadConfig();
    if (config.database.kind === 'postgres') {
      console.error('stint backup copies SQLite databases only. Back up PostgreSQL with pg_dump, e.g.:');
      console.log(pgDumpCommand(config.database.url, file));
      console.error('The password is not shown: give it to pg_dump in PGPASSWORD or ~/.pgpass. Restore with pg_restore (see README, "Backups").');
      process.exitCode = 1;
      return;
    }
    // No migration first: a backup taken before an upgrade must hold the database as it was.
    const written = await backupSqlite(config.database.file, file, { force: opts.force === true });
    console.log(`Backed up ${describeTarget(config)} to ${written.file} (${written.bytes} bytes).`);
  });

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`Configuration error: ${err.message}`);
  else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
