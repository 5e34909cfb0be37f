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
