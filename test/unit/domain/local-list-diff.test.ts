import { describe, expect, it } from 'vitest';
import { applyLocalListDiff, localListDiff, localListProblem, nextLocalListUpdate, pendingUpdate, type LocalListEntry, type LocalListState } from '../../../src/domain/local-lists/index.js';

const e = (idToken: string, status?: string, extra: Partial<LocalListEntry> = {}): LocalListEntry => ({ idToken, type: 'ISO14443', ...(status ? { status } : {}), ...extra });
const state = (over: Partial<LocalListState> = {}): LocalListState => ({
  stationId: 'S', enabled: true, version: 3, entries: [e('A', 'Accepted'), e('B', 'Accepted')], pending: null, fullRequested: false, lastError: null, syncedAt: null, ...over,
});

describe('local list updates', () => {
  it('a differential update carries changed and new tokens with their info, removed ones without; applying it gives the wanted list', () => {
    const have = [e('A', 'Accepted'), e('B', 'Accepted'), e('C', 'Accepted', { groupId: 'G' })];
    const want = [e('A', 'Accepted'), e('B', 'Blocked'), e('C', 'Accepted', { groupId: 'H' }), e('D', 'Accepted', { expiresAt: '2027-01-01T00:00:00.000Z' })];
    const diff = localListDiff(have, [...want].reverse());
    expect(diff).toEqual([e('B', 'Blocked'), e('C', 'Accepted', { groupId: 'H' }), e('D', 'Accepted', { expiresAt: '2027-01-01T00:00:00.000Z' })]);
    expect(localListDiff(have, [e('A', 'Accepted')])).toEqual([e('B'), e('C')]);
    expect(applyLocalListDiff(have, diff)).toEqual(want);
    expect(localListDiff(want, want)).toEqual([]);
  });

  it('the next update: full when asked for or never sent, else the differences one version up, or nothing', () => {
    const wanted = [e('B', 'Blocked'), e('A', 'Accepted')];
    expect(nextLocalListUpdate(state(), wanted)).toEqual({
      version: 4, updateType: 'Differential', entries: [e('B', 'Blocked')], entriesAfter: [e('A', 'Accepted'), e('B', 'Blocked')], complete: true,
    });
    expect(nextLocalListUpdate(state(), [e('A', 'Accepted'), e('B', 'Accepted')])).toBeNull();
    expect(nextLocalListUpdate(state({ fullRequested: true }), wanted)).toMatchObject({ version: 4, updateType: 'Full', entries: [e('A', 'Accepted'), e('B', 'Blocked')] });
    expect(nextLocalListUpdate(state({ version: 0, entries: [] }), [])).toEqual({ version: 1, updateType: 'Full', entries: [], entriesAfter: [], complete: true });
    const pending = state({ pending: { version: 4, updateType: 'Differential', entriesAfter: [e('A', 'Accepted')], commandId: 'C' } });
    expect(pendingUpdate(pending)).toEqual({ version: 4, updateType: 'Differential', entries: [e('B')] });
  });

  it('a list longer than one update goes in parts: a full one first, then differences, each one version up', () => {
    const wanted = ['E', 'D', 'C', 'B', 'A'].map((id) => e(id, 'Accepted'));
    let s = state({ version: 0, entries: [] });
    const sent: [string, string[], boolean][] = [];
    for (let u = nextLocalListUpdate(s, wanted, 2); u; u = nextLocalListUpdate(s, wanted, 2)) {
      sent.push([u.updateType, u.entries.map((x) => x.idToken), u.complete]);
      s = state({ version: u.version, entries: u.entriesAfter });
    }
    expect(sent).toEqual([['Full', ['A', 'B'], false], ['Differential', ['C', 'D'], false], ['Differential', ['E'], true]]);
    expect(s.version).toBe(3);
    expect(s.entries).toEqual(applyLocalListDiff([], wanted));
  });

  it('checks an update before it is sent', () => {
    expect(localListProblem({ version: 1, updateType: 'Full', entries: [e('A', 'Accepted')] })).toBeNull();
    expect(localListProblem({ version: 0, updateType: 'Full', entries: [] })).toMatch(/version/);
    expect(localListProblem({ version: 2, updateType: 'Full', entries: [e('A')] })).toMatch(/status/);
    expect(localListProblem({ version: 2, updateType: 'Differential', entries: [e('A'), e('A')] })).toMatch(/twice/);
    expect(localListProblem({ version: 2, updateType: 'Differential', entries: [e('X'.repeat(37))] })).toMatch(/36/);
  });
});
