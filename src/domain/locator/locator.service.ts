import { invalid, notFound } from '../errors.js';
import { isPositiveId } from '../validation.js';
import type { LocatorRepository } from './locator.repository.js';
import type { LocatableKind, RecordHome } from './locator.types.js';

/** Bounds the id lists of legacy bulk paths (`/tasks/1,2,3`), as Toggl's bulk edits are bounded. */
export const MAX_LOCATE_IDS = 200;

/**
 * Answers "which workspace holds this record?" for skins whose paths name a record without its
 * workspace (Track API v8). It grants nothing: the caller then asks the record's own service with
 * that workspace, which refuses outsiders (403) and hides what they may not see (404). An id that
 * names no record at all is 404 here, with the area's own words.
 */
export class LocatorService {
  constructor(private readonly records: LocatorRepository) {}

  async home(kind: LocatableKind, id: number, notFoundMessage: string): Promise<RecordHome> {
    const found = isPositiveId(id) ? (await this.records.homes(kind, [id])).get(id) : undefined;
    if (!found) throw notFound(notFoundMessage);
    return found;
  }

  /** Homes of several ids, in the order given; one unknown id refuses them all. */
  async homes(kind: LocatableKind, ids: number[], notFoundMessage: string): Promise<{ id: number; home: RecordHome }[]> {
    if (ids.length > MAX_LOCATE_IDS) throw invalid(`A request may name at most ${MAX_LOCATE_IDS} ids`);
    const found = ids.every(isPositiveId) ? await this.records.homes(kind, ids) : new Map<number, RecordHome>();
    return ids.map((id) => {
      const home = found.get(id);
      if (!home) throw notFound(notFoundMessage);
      return { id, home };
    });
  }
}
