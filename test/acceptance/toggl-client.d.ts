// toggl-client ships no type declarations; this names the surface the acceptance test drives.
declare module 'toggl-client' {
  type Id = number | string;

  /** The part of got's API (got is the library's own HTTP client) the test uses. */
  export interface HttpResponse {
    url: string;
    statusCode: number;
    body: unknown;
    headers: Record<string, string | string[] | undefined>;
    request: { options: { method: string } };
  }
  export interface HttpClient {
    extend(options: {
      hooks: {
        beforeRequest?: ((options: { url: URL | string | undefined }) => void)[];
        afterResponse?: ((response: HttpResponse) => HttpResponse)[];
      };
    }): HttpClient;
  }
  type Body = Record<string, unknown> | unknown[];

  export interface TogglClient {
    options: { apiToken: string };
    /** The got instance every call goes through; its prefixUrl is Toggl's public host. */
    httpClient: HttpClient;
    get(path: string, searchParams?: Record<string, string | number | boolean>): Promise<any>;
    post(path: string, json?: Body): Promise<any>;
    put(path: string, json?: Body): Promise<any>;
    patch(path: string, json?: Body): Promise<any>;
    delete(path: string): Promise<void>;
    user: {
      current(): Promise<any>;
      update(user: Record<string, unknown>): Promise<any>;
      resetToken(): Promise<any>;
    };
    workspaces: {
      list(): Promise<any[]>;
      get(id: Id): Promise<any>;
      update(id: Id, workspace: Record<string, unknown>): Promise<any>;
      users(id: Id): Promise<any[]>;
      clients(id: Id): Promise<any[]>;
      groups(id: Id): Promise<any[]>;
      projects(id: Id): Promise<any[]>;
      tasks(id: Id): Promise<any[]>;
      tags(id: Id): Promise<any[]>;
    };
    projects: {
      create(workspaceId: Id, project: Record<string, unknown>): Promise<any>;
      get(workspaceId: Id, projectId: Id): Promise<any>;
      list(workspaceId: Id): Promise<any[]>;
      update(workspaceId: Id, projectId: Id, project: Record<string, unknown>): Promise<any>;
      delete(workspaceId: Id, projectId: Id): Promise<void>;
      tasks(workspaceId: Id, projectId: Id): Promise<any[]>;
    };
    projectUsers: {
      create(workspaceId: Id, projectUser: Record<string, unknown>): Promise<any>;
      get(workspaceId: Id): Promise<any[]>;
      update(workspaceId: Id, projectUserId: Id, projectUser: Record<string, unknown>): Promise<any>;
      delete(workspaceId: Id, projectUserId: Id): Promise<void>;
    };
    tags: {
      create(workspaceId: Id, tag: Record<string, unknown>): Promise<any>;
      update(workspaceId: Id, id: Id, tag: Record<string, unknown>): Promise<any>;
      delete(workspaceId: Id, id: Id): Promise<void>;
    };
    timeEntries: {
      list(query: Record<string, string | number | boolean>): Promise<any[]>;
      get(id: Id): Promise<any>;
      create(timeEntry: Record<string, unknown>): Promise<any>;
      start(timeEntry: Record<string, unknown>): Promise<any>;
      stop(timeEntry: { id: Id; workspace_id: Id }): Promise<any>;
      current(): Promise<any>;
      update(id: Id, timeEntry: Record<string, unknown>): Promise<any>;
      delete(id: Id): Promise<void>;
    };
    reports: {
      weekly(workspaceId: Id, params?: Record<string, unknown>): Promise<any>;
      details(workspaceId: Id, params: Record<string, unknown>): Promise<any>;
      detailsAll(workspaceId: Id, params: Record<string, unknown>): Promise<any[]>;
      summary(workspaceId: Id, params: Record<string, unknown>): Promise<any>;
      summaryAll(workspaceId: Id, params: Record<string, unknown>): Promise<any[]>;
    };
  }

  export default function connect(options: { apiToken: string }): TogglClient;
}
