// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"fetch":{"disableSameOriginPolicy":true}}}
// The options page's side of the guard (issue 14), driven in the real page against the real
// background and the local api.video: the notification setting and its optional permission, an
// account's lifetime policy (preview, turning on, progress, turning off), and the activity log.
import { beforeEach, describe, expect, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/preact';
import Papa from 'papaparse';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { REFRESH_ALARM } from '@/utils/background/schedule';
import { maskToken } from '@/utils/mask';
import { readAccounts, readSettings } from '@/utils/storage';
import { it } from '../../helpers/background';
import { setUpOptions } from './options-harness';
import {
  apiDate as iso,
  captureDownloads,
  DAY_MS as DAY,
  seedAges,
  seedOldForever,
  waitForJob,
} from '@/tests/helpers/jobs';

/**
 * The optional `notifications` permission, as the browser would hold it. WXT's fake browser does
 * not implement permissions.* (it throws "not implemented"), so these three stand in for it, the
 * way messages.test.ts stands in for runtime.openOptionsPage; nothing else of the browser is faked.
 */
const permission = {
  granted: false,
  /** What the person answers when the browser asks. */
  answer: true,
  request: vi.fn<(request: { permissions?: string[] }) => Promise<boolean>>(),
  remove: vi.fn<(request: { permissions?: string[] }) => Promise<boolean>>(),
};

beforeEach(() => {
  permission.granted = false;
  permission.answer = true;
  permission.request.mockReset().mockImplementation(async () => {
    permission.granted = permission.answer;
    return permission.answer;
  });
  permission.remove.mockReset().mockImplementation(async () => {
    const had = permission.granted;
    permission.granted = false;
    return had;
  });
  const permissions = fakeBrowser.permissions as unknown as Record<string, unknown>;
  permissions.request = permission.request;
  permissions.remove = permission.remove;
  permissions.contains = async () => permission.granted;
});

const setUp = setUpOptions;

/** The Production account's lifetime policy, opened for setting up (its list read first). */
async function setUpPolicy(
  user: Awaited<ReturnType<typeof setUp>>['user'],
  background: Awaited<ReturnType<typeof setUp>>['background'],
) {
  await background.request('refreshList', { account: 'production' });
  // The account's group is drawn before its policy part, which waits for the account's settings.
  const policy = await within(await screen.findByRole('region', { name: 'Production' })).findByRole('region', {
    name: 'Lifetime policy',
  });
  await user.click(within(policy).getByRole('button', { name: 'Set up lifetime policy' }));
  return policy;
}

/** The masked tokens of a table's body rows, in order. */
function tableTokens(table: HTMLElement): string[] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.querySelector('.mono')?.textContent ?? '');
}

const notifyBox = () =>
  screen.findByRole<HTMLInputElement>('checkbox', { name: 'Notify me when a new never-expiring token appears' });

describe('options page: the notification setting', () => {
  it('asks for the permission inside the click, turns on only once granted, and gives it back when turned off', async ({
    startBackground,
  }) => {
    const { user } = await setUp(startBackground);
    const box = await notifyBox();
    await waitFor(() => expect(box.disabled).toBe(false));
    expect(box.checked).toBe(false);

    // A plain DOM click: the request must already be out when the click's handler returns.
    box.click();
    expect(permission.request).toHaveBeenCalledWith({ permissions: ['notifications'] });
    await waitFor(async () => expect((await readSettings()).settings.notifyNewForever).toBe(true));
    await waitFor(() => expect(box.checked).toBe(true));
    expect(screen.queryByText(/Notifications were not allowed/)).toBeNull();

    await user.click(box);
    await waitFor(async () => expect((await readSettings()).settings.notifyNewForever).toBe(false));
    await waitFor(() => expect(permission.remove).toHaveBeenCalledWith({ permissions: ['notifications'] }));
    expect(permission.granted).toBe(false);
    await waitFor(() => expect(box.checked).toBe(false));
    expect(permission.request).toHaveBeenCalledOnce();
  });

  it('stays off when the permission is refused, says the badge still works, and sends nothing', async ({
    startBackground,
  }) => {
    const { user } = await setUp(startBackground);
    permission.answer = false;
    const box = await notifyBox();
    await waitFor(() => expect(box.disabled).toBe(false));
    await user.click(box);
    expect(await screen.findByText('Notifications were not allowed: the badge still shows new tokens.')).toBeTruthy();
    expect(box.checked).toBe(false);
    expect((await readSettings()).settings.notifyNewForever).toBe(false);
    expect(permission.request).toHaveBeenCalledOnce();
  });

  it('shows the setting off, with a note, when it is on but the permission was withdrawn', async ({
    startBackground,
  }) => {
    const { background } = await setUp(startBackground);
    expect(await background.request('updateSettings', { notifyNewForever: true })).toEqual({ ok: true });
    const box = await notifyBox();
    expect(await screen.findByText(/Notifications are no longer allowed in this browser/)).toBeTruthy();
    expect(box.checked).toBe(false);
  });
});

describe('options page: the lifetime policy', () => {
  it('previews exactly what it then deletes on api.video; Keep marks and expiring tokens are never listed', async ({
    startBackground,
  }) => {
    const { user, background } = await setUp(startBackground);
    const { server } = background;
    const ages = seedAges(server);
    await background.request('refreshList', { account: 'production' });
    const [kept, labelled, ...due] = ages.oldForever;
    expect(await background.request('setKeep', { account: 'production', token: kept!, keep: true })).toEqual({
      ok: true,
    });
    await background.request('setLabel', { account: 'production', token: labelled!, label: 'Old kiosk' });

    const group = await screen.findByRole('region', { name: 'Production' });
    const policy = await within(group).findByRole('region', { name: 'Lifetime policy' });
    expect(within(policy).getByText('Off: no token is deleted automatically.')).toBeTruthy();
    await user.click(within(policy).getByRole('button', { name: 'Set up lifetime policy' }));
    const days = within(policy).getByRole('spinbutton', {
      name: 'Delete never-expiring tokens automatically when they are older than this many days',
    });
    await user.clear(days);
    await user.type(days, '0');
    await user.click(within(policy).getByRole('button', { name: 'Preview' }));
    expect(within(policy).getByText('Enter 1 or more.', { exact: false })).toBeTruthy();
    await user.clear(days);
    await user.type(days, '30');
    await user.click(within(policy).getByRole('button', { name: 'Preview' }));

    expect(await within(policy).findByText('3 tokens would be deleted now:')).toBeTruthy();
    const table = within(policy).getByRole('table', { name: 'Tokens the policy would delete now' });
    const expected = [labelled!, ...due];
    // Oldest first: 400, 90, 40 then 31 days, the Keep-marked one (40 days) left out.
    expect(tableTokens(table)).toEqual([ages.oldForever[3]!, ages.oldForever[1]!, ages.oldForever[2]!].map(maskToken));
    expect(new Set(tableTokens(table))).toEqual(new Set(expected.map(maskToken)));
    for (const spared of [kept!, ...ages.youngForever, ...ages.oldExpiring])
      expect(table.textContent).not.toContain(maskToken(spared));
    expect(within(table).getByRole('row', { name: new RegExp(`${maskToken(labelled!)}.*Old kiosk`) })).toBeTruthy();
    for (const token of server.tokens('production')) expect(document.body.innerHTML).not.toContain(token.token);
    expect(server.operations.deleted).toHaveLength(0);

    await user.click(within(policy).getByRole('button', { name: 'Turn on' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Turn on the lifetime policy for Production?' });
    expect(within(dialog).getByText(/^3 tokens are deleted now\./)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Turn on' }));

    const job = await waitForJob('production', (found) => found.state === 'done');
    expect(job.via).toBe('policy');
    await background.background.bulk.idle();
    expect(server.operations.deleted.map((operation) => operation.token).sort()).toEqual([...expected].sort());
    expect((await readAccounts())[0]?.policyDays).toBe(30);
    const on = await within(policy).findByText('On: older than 30 days.');
    // The button pressed is gone: the focus is on what the policy now says.
    await waitFor(() => expect(document.activeElement).toBe(on.closest('p')));
    expect(await within(policy).findByText(/: 3 deleted\.$/)).toBeTruthy();
    const left = server.tokens('production').map((token) => token.token);
    for (const token of [kept!, ...ages.youngForever, ...ages.oldExpiring]) expect(left).toContain(token);
  });

  it('shows a running policy job, and turned off mid-run stops it: what was not sent stays on api.video', async ({
    startBackground,
  }) => {
    const { user, background } = await setUp(startBackground);
    const { server } = background;
    seedOldForever(server, 12);
    const policy = await setUpPolicy(user, background);
    await user.click(within(policy).getByRole('button', { name: 'Preview' })); // 90 days by default
    expect(await within(policy).findByText('No token would be deleted now.')).toBeTruthy();
    expect(within(policy).queryByRole('table')).toBeNull();
    const days = within(policy).getByRole('spinbutton');
    await user.clear(days);
    await user.type(days, '30');
    expect(within(policy).queryByRole('button', { name: 'Turn on' })).toBeNull(); // the preview was for 90
    await user.click(within(policy).getByRole('button', { name: 'Preview' }));
    expect(await within(policy).findByText('12 tokens would be deleted now:')).toBeTruthy();

    const deletes = server.hold({ method: 'DELETE', times: 1 });
    await user.click(within(policy).getByRole('button', { name: 'Turn on' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Turn on' }));
    await deletes.arrived;
    const progress = await within(policy).findByRole('progressbar', {
      name: 'Deleting old never-expiring tokens: 0 of 12 deleted.',
    });
    expect(progress.getAttribute('aria-valuemax')).toBe('12');

    await user.click(within(policy).getByRole('button', { name: 'Turn off' }));
    await waitFor(async () => expect((await readAccounts())[0]?.policyDays).toBeUndefined());
    deletes.release();
    const job = await waitForJob('production', (found) => found.state === 'cancelled');
    expect(job.pending.length).toBeGreaterThan(0);
    expect(server.tokens('production')).toHaveLength(job.pending.length);
    expect(await within(policy).findByText('Off: no token is deleted automatically.')).toBeTruthy();
    await waitFor(() =>
      expect(document.activeElement).toBe(within(policy).getByRole('button', { name: 'Set up lifetime policy' })),
    );
  });
});

describe('options page: a policy run that api.video slows down', () => {
  it('says how many could not be deleted, and the next refresh alarm tries exactly those again', async ({
    startBackground,
  }) => {
    const { user, background } = await setUp(startBackground);
    const { server } = background;
    seedOldForever(server, 130);
    const policy = await setUpPolicy(user, background);
    await user.clear(within(policy).getByRole('spinbutton'));
    await user.type(within(policy).getByRole('spinbutton'), '30');
    await user.click(within(policy).getByRole('button', { name: 'Preview' }));
    expect(await within(policy).findByText('130 tokens would be deleted now:')).toBeTruthy();
    await user.click(within(policy).getByRole('button', { name: 'Turn on' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Turn on' }));

    // The extension's share of api.video's write window runs out: the rest wait for a later run.
    const first = await waitForJob('production', (job) => job.state === 'done');
    await background.background.bulk.idle();
    expect(first.failed.length).toBeGreaterThan(0);
    expect(first.failed.every((failure) => failure.kind === 'rate-limited')).toBe(true);
    expect(first.deleted.length + first.failed.length).toBe(130);
    expect(
      await within(policy).findByText(
        new RegExp(
          `: ${first.deleted.length} deleted\\. ${first.failed.length} could not be deleted; the next refresh tries again\\.$`,
        ),
      ),
    ).toBeTruthy();

    // The next refresh alarm runs the policy again over exactly those (the window has not reopened
    // yet here, so they wait once more; a real alarm comes a minute or more later).
    await background.background.onAlarm({ name: REFRESH_ALARM });
    const second = await waitForJob('production', (job) => job.state === 'done' && job.id !== first.id);
    await background.background.bulk.idle();
    expect(second.via).toBe('policy');
    expect(second.total).toBe(first.failed.length);
    expect([...second.deleted, ...second.failed.map((failure) => failure.token)].sort()).toEqual(
      first.failed.map((failure) => failure.token).sort(),
    );
    expect(server.tokens('production')).toHaveLength(second.failed.length);
  });
});

describe('options page: long lists', () => {
  it('shows the preview and the activity a bounded number of rows at a time, every one of them on request', async ({
    startBackground,
  }) => {
    // No rate limit: 205 deletions in one run (api.video's share would put half of them off).
    const { user, background } = await setUp(startBackground, { serverOptions: { rateLimit: false } });
    seedOldForever(background.server, 205);
    const policy = await setUpPolicy(user, background);
    await user.clear(within(policy).getByRole('spinbutton'));
    await user.type(within(policy).getByRole('spinbutton'), '30');
    await user.click(within(policy).getByRole('button', { name: 'Preview' }));
    expect(await within(policy).findByText('205 tokens would be deleted now:')).toBeTruthy();
    const preview = within(policy).getByRole('table');
    expect(tableTokens(preview)).toHaveLength(100);
    await user.click(within(policy).getByRole('button', { name: 'Show 100 more' }));
    await user.click(within(policy).getByRole('button', { name: 'Show 5 more' }));
    expect(tableTokens(preview)).toHaveLength(205);
    expect(within(policy).queryByRole('button', { name: /^Show \d+ more$/ })).toBeNull();

    await user.click(within(policy).getByRole('button', { name: 'Turn on' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Turn on' }));
    await waitForJob('production', (job) => job.state === 'done');
    await background.background.bulk.idle();
    expect(background.server.operations.deleted).toHaveLength(205);

    const activity = await screen.findByRole('region', { name: 'Activity' });
    expect(await within(activity).findByText('Showing the latest 200 of 205 deletions.')).toBeTruthy();
    const table = within(activity).getByRole('table', { name: 'Activity' });
    expect(tableTokens(table)).toHaveLength(200);
    await user.click(within(activity).getByRole('button', { name: 'Show 5 more' }));
    expect(tableTokens(table)).toHaveLength(205);
    expect(within(activity).getByText('Showing the latest 205 of 205 deletions.')).toBeTruthy();
  });
});

describe('options page: the activity log', () => {
  it('lists every deletion of every account as the server logged it, live, filters by account, and exports it masked', async ({
    startBackground,
  }) => {
    const files = captureDownloads();
    const { user, background } = await setUp(startBackground);
    const { server } = background;
    for (let i = 0; i < 6; i++) server.addToken('production', { ttl: 0, createdAt: iso(Date.now() - DAY) });
    server.seed('sandbox', { count: 2, neverExpiring: 2 });
    const added = await background.request('addAccount', {
      name: 'Sandbox',
      environment: 'sandbox',
      apiKey: background.keys.sandbox,
    });
    if (!added.ok) throw new Error(added.error.message);
    const old = server.addToken('production', { ttl: 0, createdAt: iso(Date.now() - 50 * DAY) }).token;
    await background.request('refreshList', { account: 'production' });
    await background.request('refreshList', { account: 'sandbox' });
    const young = server
      .tokens('production')
      .map((token) => token.token)
      .filter((token) => token !== old);
    await background.request('setLabel', { account: 'production', token: young[0]!, label: '=cmd|x' });
    await background.request('deleteToken', { account: 'production', token: young[0]! });
    await background.request('startBulkDelete', { account: 'production', tokens: [young[1]!, young[2]!] });
    await waitForJob('production', (job) => job.state === 'done');
    await background.background.bulk.idle();
    await background.request('dismissBulkDelete', { account: 'production' });
    await background.request('updateAccount', { account: 'production', policyDays: 30 });
    await waitForJob('production', (job) => job.state === 'done' && job.via === 'policy');
    await background.background.bulk.idle();

    const activity = await screen.findByRole('region', { name: 'Activity' });
    const table = await within(activity).findByRole('table', { name: 'Activity' });
    const deleted = server.operations.deleted.map((operation) => operation.token);
    expect(deleted).toHaveLength(4);
    await waitFor(() => expect(tableTokens(table).sort()).toEqual(deleted.map(maskToken).sort()));
    const rowOf = (token: string) => within(table).getByRole('row', { name: new RegExp(maskToken(token)) });
    expect(rowOf(old).textContent).toContain('Lifetime policy');
    expect(rowOf(young[0]!).textContent).toContain('=cmd|x');
    for (const token of young.slice(0, 3)) expect(rowOf(token).textContent).toMatch(/ProductionYou$/);
    expect(tableTokens(table)[0]).toBe(maskToken(old)); // newest first
    for (const token of deleted) expect(document.body.innerHTML).not.toContain(token);

    // Live: a deletion in another account shows at once, at the top.
    const sandboxToken = server.tokens('sandbox')[0]!.token;
    await background.request('deleteToken', { account: 'sandbox', token: sandboxToken });
    await waitFor(() => expect(tableTokens(table)[0]).toBe(maskToken(sandboxToken)));
    expect(rowOf(sandboxToken).textContent).toMatch(/SandboxYou$/);
    expect(within(activity).getByText('Showing the latest 5 of 5 deletions.')).toBeTruthy();

    await user.selectOptions(within(activity).getByRole('combobox', { name: 'Account' }), 'Sandbox');
    await waitFor(() => expect(tableTokens(table)).toEqual([maskToken(sandboxToken)]));
    await user.selectOptions(within(activity).getByRole('combobox', { name: 'Account' }), 'Production');
    await waitFor(() => expect(tableTokens(table)).toHaveLength(4));

    await user.click(within(activity).getByRole('button', { name: 'Export activity as CSV' }));
    await waitFor(() => expect(files).toHaveLength(1));
    expect(files[0]!.name).toMatch(/^upload-token-activity-production-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = (await files[0]!.blob.text()).replace(/^\uFEFF/, '');
    expect(csv.split('\r\n')[0]).toBe('Time,Token (masked),Label,Account,By');
    const [, ...records] = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
    expect(records).toHaveLength(4);
    const byToken = new Map(records.map((record) => [record[1], record]));
    expect([...byToken.keys()].sort()).toEqual(deleted.map(maskToken).sort());
    const policyRecord = byToken.get(maskToken(old))!;
    expect(policyRecord.slice(1)).toEqual([maskToken(old), '', 'Production', 'Lifetime policy']);
    // Times are ISO, newest first, as on the page.
    const times = records.map((record) => record[0]!);
    for (const time of times) expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect([...times].sort().reverse()).toEqual(times);
    expect(records[0]![1]).toBe(maskToken(old));
    // A label that a spreadsheet would run as a formula is neutralised.
    expect(byToken.get(maskToken(young[0]!))?.[2]).toBe("'=cmd|x");
    for (const token of [...deleted, sandboxToken]) expect(csv).not.toContain(token);

    await user.click(within(activity).getByRole('button', { name: 'Export activity as JSON' }));
    await waitFor(() => expect(files).toHaveLength(2));
    const json = JSON.parse(await files[1]!.blob.text()) as { deletions: { maskedToken: string; by: string }[] };
    expect(json.deletions.map((entry) => entry.maskedToken).sort()).toEqual(deleted.map(maskToken).sort());
    expect(json.deletions.filter((entry) => entry.by === 'policy').map((entry) => entry.maskedToken)).toEqual([
      maskToken(old),
    ]);
  });

  it('says so when nothing was deleted yet', async ({ startBackground }) => {
    await setUp(startBackground);
    const activity = await screen.findByRole('region', { name: 'Activity' });
    expect(await within(activity).findByText('Nothing deleted here yet.')).toBeTruthy();
    expect(within(activity).queryByRole('button', { name: 'Export activity as CSV' })).toBeNull();
  });
});
