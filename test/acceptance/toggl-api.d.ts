// toggl-api ships no type declarations; this names the surface the acceptance test drives.
declare module 'toggl-api' {
  type Callback<T> = (err: (Error & { code?: number; tip?: string; errors?: string[] }) | null, data: T) => void;
  type Id = number | string;
  type Data = Record<string, any>;

  interface Options {
    apiToken?: string;
    username?: string;
    password?: string;
    apiUrl?: string;
    reportsUrl?: string;
    sessionCookie?: string;
    reauth?: boolean;
  }

  class TogglClient {
    constructor(options?: Options);
    /** The user data of the last authentication; null before. */
    authData: Data | null;
    static setDefaults(defaults: Options): void;
    static createUser(email: string, password: string, timezone: string, callback: Callback<Data>): void;
    authenticate(callback: Callback<Data>): void;
    getUserData(options: Data, callback: Callback<Data>): void;
    createClient(data: Data, callback: Callback<Data>): void;
    updateClient(id: Id, data: Data, callback: Callback<Data>): void;
    getClients(callback: Callback<Data[]>): void;
    createProject(data: Data, callback: Callback<Data>): void;
    updateProject(id: Id, data: Data, callback: Callback<Data>): void;
    getProjectData(id: Id, callback: Callback<Data>): void;
    getProjectTasks(id: Id, callback: Callback<Data[]>): void;
    createTask(name: string, projectId: Id, data: Data, callback: Callback<Data>): void;
    updateTask(id: Id, data: Data, callback: Callback<Data>): void;
    createTag(name: string, workspaceId: Id, callback: Callback<Data>): void;
    updateTagName(id: Id, name: string, callback: Callback<Data>): void;
    createTimeEntry(data: Data, callback: Callback<Data>): void;
    updateTimeEntry(id: Id, data: Data, callback: Callback<Data>): void;
    getTimeEntryData(id: Id, callback: Callback<Data>): void;
    getTimeEntries(startDate: string, endDate: string, callback: Callback<Data[]>): void;
    startTimeEntry(data: Data, callback: Callback<Data>): void;
    stopTimeEntry(id: Id, callback: Callback<Data>): void;
    getCurrentTimeEntry(callback: Callback<Data | null>): void;
    addTimeEntriesTags(ids: Id[], tags: string[], callback: Callback<Data[]>): void;
    removeTimeEntriesTags(ids: Id[], tags: string[], callback: Callback<Data[]>): void;
    deleteTimeEntry(id: Id, callback: Callback<unknown>): void;
    weeklyReport(options: Data, callback: Callback<Data>): void;
    detailedReport(options: Data, callback: Callback<Data>): void;
    summaryReport(options: Data, callback: Callback<Data>): void;
    destroy(): void;
  }
  export = TogglClient;
}
