import { describe, expect, it } from 'vitest';
import { currentPeriod, isValidDay, periodContaining, projectStatus, todayIn } from '../../../src/domain/projects/projects.dates.js';
import { canCreateProject, canManageProject, canSeeBillableRates, canSeeProject } from '../../../src/domain/projects/projects.policy.js';
import type { RecurringParameters } from '../../../src/domain/projects/projects.types.js';

describe('projectStatus', () => {
  const base = { deleted_at: null, active: true, start_date: '2024-05-01', end_date: null };
  it.each([
    [{}, 'active'],
    [{ start_date: '2024-05-11' }, 'upcoming'],
    [{ end_date: '2024-05-09' }, 'ended'],
    [{ end_date: '2024-05-10' }, 'active'],
    [{ start_date: null }, 'active'],
    [{ active: false, start_date: '2030-01-01' }, 'archived'],
    [{ deleted_at: 1, active: false }, 'deleted'],
  ] as const)('%j on 2024-05-10 is %s', (change, status) => {
    expect(projectStatus({ ...base, ...change }, '2024-05-10')).toBe(status);
  });
});

describe('recurring periods', () => {
  const monthly = { period: 'monthly', custom_period: null, project_start_date: '2024-01-31' };
  it.each([
    [monthly, '2024-01-31', { start_date: '2024-01-31', end_date: '2024-02-28' }],
    [monthly, '2024-02-29', { start_date: '2024-02-29', end_date: '2024-03-30' }],
    [monthly, '2024-03-31', { start_date: '2024-03-31', end_date: '2024-04-29' }],
    [monthly, '2023-12-01', { start_date: '2024-01-31', end_date: '2024-02-28' }],
    [{ period: 'weekly', custom_period: null, project_start_date: '2024-01-01' }, '2024-01-16', { start_date: '2024-01-15', end_date: '2024-01-21' }],
    [{ period: 'biweekly', custom_period: null, project_start_date: '2024-01-01' }, '2024-01-16', { start_date: '2024-01-15', end_date: '2024-01-28' }],
    [{ period: 'quarterly', custom_period: null, project_start_date: '2024-01-01' }, '2024-05-20', { start_date: '2024-04-01', end_date: '2024-06-30' }],
    [{ period: 'yearly', custom_period: null, project_start_date: '2020-02-29' }, '2023-03-01', { start_date: '2023-02-28', end_date: '2024-02-28' }],
    [{ period: 'custom', custom_period: 3, project_start_date: '2024-01-01' }, '2030-01-01', { start_date: '2029-12-30', end_date: '2030-01-01' }],
  ])('%j contains %s in %j', (params, day, period) => {
    expect(periodContaining(params, day)).toEqual(period);
  });

  it('the current period comes from the latest parameters, only for recurring projects', () => {
    const params: RecurringParameters[] = [
      { ...monthly, estimated_seconds: null, parameter_start_date: '2024-01-01', parameter_end_date: '2024-02-01' },
      { period: 'weekly', custom_period: null, project_start_date: '2024-01-01', estimated_seconds: 3600, parameter_start_date: '2024-02-01', parameter_end_date: null },
    ];
    expect(currentPeriod(true, params, '2024-02-07')).toEqual({ start_date: '2024-02-05', end_date: '2024-02-11' });
    expect(currentPeriod(false, params, '2024-02-07')).toBeNull();
    expect(currentPeriod(true, null, '2024-02-07')).toBeNull();
  });
});

describe('days', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-1-01', false],
    ['2024-01-01T00:00:00Z', false],
    [20240101, false],
  ])('isValidDay(%j) is %s', (value, ok) => {
    expect(isValidDay(value)).toBe(ok);
  });

  it("today is the viewer's day in their timezone", () => {
    const ms = Date.UTC(2024, 0, 1, 23, 30);
    expect(todayIn('UTC', ms)).toBe('2024-01-01');
    expect(todayIn('Asia/Tokyo', ms)).toBe('2024-01-02');
    expect(todayIn('America/New_York', ms)).toBe('2024-01-01');
    expect(todayIn('Not/AZone', ms)).toBe('2024-01-01');
  });
});

describe('project policy', () => {
  it.each([
    [{ admin: true }, { is_private: true }, false, true],
    [{ admin: false }, { is_private: false }, false, true],
    [{ admin: false }, { is_private: true }, true, true],
    [{ admin: false }, { is_private: true }, false, false],
  ])('canSeeProject(%j, %j, member=%s) is %s', (viewer, project, member, expected) => {
    expect(canSeeProject(viewer, project, member)).toBe(expected);
  });

  it.each([
    [true, false, true],
    [false, true, true],
    [false, false, false],
  ])('canManageProject(admin=%s, manager=%s) is %s', (admin, manager, expected) => {
    expect(canManageProject({ admin }, manager)).toBe(expected);
  });

  it.each([
    [true, true, true],
    [false, false, true],
    [false, true, false],
  ])('canCreateProject(admin=%s, only admins=%s) is %s', (admin, only, expected) => {
    expect(canCreateProject({ admin, only_admins_may_create_projects: only })).toBe(expected);
  });

  it.each([
    [true, true, true],
    [false, false, true],
    [false, true, false],
  ])('canSeeBillableRates(admin=%s, only admins=%s) is %s', (admin, only, expected) => {
    expect(canSeeBillableRates({ admin, only_admins_see_billable_rates: only })).toBe(expected);
  });
});
