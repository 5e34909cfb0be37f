export interface User {
  id: number;
  email: string;
  fullname: string;
  timezone: string;
  beginning_of_week: number;
  country_id: number | null;
  default_workspace_id: number | null;
  image_url: string | null;
  api_token: string;
  password_hash: string | null;
  preferences: Record<string, unknown>;
  created_at: number;
  updated_at: number;
  authorization_updated_at: number;
  /** Epoch ms since when the operator has disabled the user; null while enabled. */
  disabled_at: number | null;
}

/** A row of `stint user list`. */
export interface UserListing {
  id: number;
  email: string;
  fullname: string;
  created_at: number;
  last_seen_at: number | null;
  disabled_at: number | null;
}

export interface SignupInput {
  email: string;
  password: string;
  fullname?: string;
  timezone?: string;
  country_id?: number | null;
}

export interface UserUpdate {
  email?: string;
  fullname?: string;
  timezone?: string;
  beginning_of_week?: number;
  country_id?: number | null;
  default_workspace_id?: number;
  password?: string;
  current_password?: string;
}
