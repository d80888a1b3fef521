import { describe, expect, it } from 'vitest';
import { parseRoles, RoleError, ROLES } from '../../src/runtime/roles.js';

describe('parseRoles', () => {
  it('runs every role when none or `all` is given', () => {
    expect([...parseRoles(undefined)]).toEqual([...ROLES]);
    expect([...parseRoles('all')]).toEqual([...ROLES]);
  });

  it('accepts several roles separated by commas', () => {
    expect([...parseRoles('worker, http')]).toEqual(['worker', 'http']);
  });

  it('rejects an unknown role naming the valid ones', () => {
    expect(() => parseRoles('worker,janitor')).toThrow(RoleError);
    expect(() => parseRoles('janitor')).toThrow(/unknown role "janitor" \(use worker, scheduler, discord, telegram, http, all/);
  });
});
