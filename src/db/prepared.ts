import type { CompiledQuery, Compilable, QueryResult } from 'kysely';
import type { Executor } from './tables.js';

export type { Executor };

type Scalar = string | number;
type Arg = Scalar | boolean | null | undefined | readonly Scalar[];

/** Where a value goes in a compiled query's parameter list. */
class Slot {
  constructor(
    readonly name: string,
    readonly index: number | null,
  ) {}
}

interface Plan {
  compiled: CompiledQuery;
  /** Per compiled parameter: a slot to fill from the arguments, or a constant. */
  slots: unknown[];
}

function shapeOf(args: Record<string, Arg>, names: string[]): string {
  let key = '';
  for (const name of names) {
    const v = args[name];
    key += name + ':';
    if (v === null) key += 'n';
    else if (v === true) key += 't';
    else if (v === false) key += 'f';
    else if (Array.isArray(v)) key += `a${v.length}`;
    else if (typeof v === 'number' || typeof v === 'string') key += 's';
    else throw new TypeError(`prepared query argument ${name} must be a number, string, boolean, null or array of those`);
    key += ',';
  }
  return key;
}

function placeholders(args: Record<string, Arg>, names: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const v = args[name];
    if (Array.isArray(v)) out[name] = v.map((_, i) => new Slot(name, i));
    else if (typeof v === 'number' || typeof v === 'string') out[name] = new Slot(name, null);
    else out[name] = v;
  }
  return out;
}

const MAX_SHAPES = 200;

/**
 * A query built and compiled once per shape, then run with new values. Kysely builds and
 * compiles each query afresh, which for the statements nearly every request runs (the caller's
 * credentials, their workspace membership, the entry list) costs more than SQLite takes to
 * answer them. `build` is called with every number and string of `args` replaced by a
 * placeholder, so it may depend on which arguments are present, on booleans and on array
 * lengths, but never on the value of a number or a string.
 */
export function prepared<A extends Record<string, Arg>, O>(build: (db: Executor, args: A) => Compilable<O>) {
  // One cache per SQL dialect: a process can hold SQLite and PostgreSQL databases at once.
  const plansByDialect = new Map<unknown, Map<string, Plan>>();

  function plan(executor: Executor, args: A): Plan {
    const dialect = executor.getExecutor().adapter.constructor;
    let plans = plansByDialect.get(dialect);
    if (!plans) plansByDialect.set(dialect, (plans = new Map()));
    // An argument given as undefined is the same shape as one left out.
    const names = Object.keys(args)
      .filter((n) => args[n] !== undefined)
      .sort();
    const key = shapeOf(args, names);
    let p = plans.get(key);
    if (!p) {
      const compiled = build(executor, placeholders(args, names) as A).compile();
      if (compiled.sql.includes('[object ')) throw new Error(`a prepared query put a placeholder into its SQL text: ${compiled.sql}`);
      p = { compiled, slots: [...compiled.parameters] };
      if (plans.size >= MAX_SHAPES) plans.delete(plans.keys().next().value!);
      plans.set(key, p);
    }
    return p;
  }

  async function result(executor: Executor, args: A): Promise<QueryResult<O>> {
    const { compiled, slots } = plan(executor, args);
    const parameters = slots.map((s) => {
      if (!(s instanceof Slot)) return s;
      const v = args[s.name];
      return s.index === null ? v : (v as readonly Scalar[])[s.index];
    });
    return executor.executeQuery<O>({ ...compiled, parameters } as CompiledQuery<O>);
  }

  return {
    result,
    async all(executor: Executor, args: A): Promise<O[]> {
      return (await result(executor, args)).rows;
    },
    async first(executor: Executor, args: A): Promise<O | undefined> {
      return (await result(executor, args)).rows[0];
    },
  };
}
